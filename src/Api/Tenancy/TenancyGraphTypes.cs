using DqPlatform.Api.Auth;
using DqPlatform.Api.Checks;
using DqPlatform.Api.Connections;
using DqPlatform.Api.Dashboards;
using DqPlatform.Api.Incidents;
using DqPlatform.Api.People;
using DqPlatform.Api.Schema;
using DqPlatform.Api.Webhooks;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Connections;
using DqPlatform.Domain.Incidents;
using DqPlatform.Domain.People;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Domain.Webhooks;
using DqPlatform.GraphQL.Lists;
using DqPlatform.GraphQL.Lists.Projection;
using DqPlatform.GraphQL.Rendering;
using DqPlatform.GraphQL.Relay;
using GraphQL;
using GraphQL.Types;
using DqPlatform.Infrastructure.Persistence;

namespace DqPlatform.Api.Tenancy;

public sealed class OrganizationGraphType : NodeGraphType<Organization>
{
    public OrganizationGraphType() : base(o => o.Id)
    {
        Field(o => o.Name);
        Field(o => o.CreatedAt);
        Field(o => o.UpdatedAt);
        this.ListField<Organization, WorkspaceGraphType, Workspace>("workspaces", c => c.Data().OrganizationWorkspaces)
            .Description("Every workspace of the organization for organization admins; the caller's own workspace otherwise.");
        this.ListField<Organization, Auditing.AuditLogEntryGraphType, Domain.Auditing.AuditLogEntry>("auditLog", c => c.Data().OrganizationAuditLog.Where(a => a.OrganizationId == c.Source.Id))
            .Description("Organization admins (org:admin): every change in the organization — its members, roles, workspaces (deleted ones included) and users signing in, and the changes inside its workspaces.");
        People.PeopleFields.Register(this);
    }
}

public sealed class WorkspaceGraphType : NodeGraphType<Workspace>
{
    public WorkspaceGraphType() : base(w => w.Id)
    {
        Field(w => w.Name);
        Field(w => w.CreatedAt);
        Field(w => w.UpdatedAt);
        Field<NonNullGraphType<OrganizationGraphType>>("organization")
            .Resolve(c => c.Service<TenancyLoaders>().Organization(c.Source.OrganizationId));
        // Always the caller's data (WorkspaceData) and this workspace's rows: an organization admin looking at a sibling
        // workspace sees its metadata, not its contents.
        this.ListField<Workspace, ConnectionGraphType, Connection>("connections", c => c.Data().Connections.Where(x => x.WorkspaceId == c.Source.Id));
        this.ListField<Workspace, CheckDefinitionGraphType, CheckDefinition>("checks", c => c.Data().Checks.Where(x => x.Connection!.WorkspaceId == c.Source.Id));
        this.ListField<Workspace, IncidentGraphType, Incident>("incidents", c => c.Data().Incidents.Where(x => x.Check!.Connection!.WorkspaceId == c.Source.Id));
        this.ListField<Workspace, WebhookGraphType, Webhook>("webhooks", c => c.Data().Webhooks.Where(x => x.WorkspaceId == c.Source.Id));
        this.ListField<Workspace, ApiKeyGraphType, ApiKey>("apiKeys", c => c.Data().ApiKeys.Where(x => x.WorkspaceId == c.Source.Id));
        this.ListField<Workspace, Datasets.DatasetGraphType, Domain.People.Dataset>("datasets", c => c.Data().Datasets.Where(x => x.WorkspaceId == c.Source.Id));
        WorkspaceCountFields.Register(this);
        WorkspaceQuotaFields.Register(this);
        Field(w => w.IncidentGrouping).Description("How failures group into incidents here (updateWorkspaceIncidentSettings).");
        Field(w => w.IncidentMinimumSeverity).Description("Failures of checks below this severity open no incident; their results are still stored and announced.");
        People.PeopleFields.Register(this);
    }

}

/// <summary>
/// API key metadata. The hash never leaves the server; the key itself is shown once, when created. A key is an
/// <c>Actor</c>: a service account names itself in what it does.
/// </summary>
public sealed class ApiKeyGraphType : NodeGraphType<ApiKey>
{
    public ApiKeyGraphType() : base(k => k.Id)
    {
        Interface<ActorInterface>();
        Field(k => k.Name);
        Field(k => k.KeyPrefix).Description("The first characters of the key, to recognise it.");
        Field<NonNullGraphType<StringGraphType>>("displayName").Description("The key's name and prefix.")
            .ResolveFromSource(k => ActorNames.OfKey(k.Name, k.KeyPrefix)).Reads(nameof(ApiKey.Name), nameof(ApiKey.KeyPrefix));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("scopes").Resolve(c => c.Source.Scopes);
        Field(k => k.LastUsedAt, nullable: true);
        Field(k => k.ExpiresAt, nullable: true);
        Field(k => k.RevokedAt, nullable: true);
        Field(k => k.CreatedAt);
        Field<ActorInterface>("createdBy").Description("Who created the key (null for keys made at start-up, before people existed, or by an actor since removed).")
            .Resolve(c => c.Service<ActorLoaders>().Actor(c.Source.CreatedById)).Reads(nameof(ApiKey.CreatedById));
    }
}
