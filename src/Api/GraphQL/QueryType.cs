using DqPlatform.Api.Auditing;
using DqPlatform.Api.Auth;
using DqPlatform.Api.Checks;
using DqPlatform.Api.Connections;
using DqPlatform.Api.Dashboards;
using DqPlatform.Api.GraphQL.Nodes;
using DqPlatform.Api.GraphQL.Paging;
using DqPlatform.Api.Incidents;
using DqPlatform.Api.Queries;
using DqPlatform.Api.Tenancy;
using DqPlatform.Api.Webhooks;
using DqPlatform.Domain.Auditing;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Connections;
using DqPlatform.Domain.Incidents;
using DqPlatform.Domain.Jobs;
using DqPlatform.Domain.Queries;
using DqPlatform.Domain.Scheduling;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Domain.Webhooks;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.GraphQL;

/// <summary>The root query: the caller's workspace, its lists, node lookups and the dashboard aggregates.</summary>
public sealed class QueryType : ObjectGraphType
{
    public QueryType()
    {
        Name = "Query";
        Field<NonNullGraphType<WorkspaceGraphType>>("workspace").Description("The workspace of the calling API key.")
            .ResolveAsync(async c => await c.Data().Workspaces.AsNoTracking().SingleAsync(c.CancellationToken));
        Field<NonNullGraphType<OrganizationGraphType>>("organization")
            .ResolveAsync(async c => await c.Data().Organizations.AsNoTracking().SingleAsync(c.CancellationToken));

        Field<NodeInterface>("node").Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await NodeLookup.FindAsync(c.RequestServices!, c.GetArgument<string>("id"), c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NodeInterface>>>("nodes").Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("ids")
            .Description($"Refetches up to {NodeLookup.MaxIds} objects by global id, in the order given (null for ids this key cannot see).")
            // Priced like a page of as many rows as ids: the selection under it counts once per id.
            .WithComplexityImpact(ctx => new global::GraphQL.Validation.Complexity.FieldComplexityResult(1,
                ctx.Arguments?.TryGetValue("ids", out var ids) == true && ids.Value is System.Collections.ICollection list ? Math.Max(1, list.Count) : NodeLookup.MaxIds))
            .ResolveAsync(async c => await NodeLookup.FindManyAsync(c.RequestServices!, c.GetArgument<List<string>>("ids"), c.CancellationToken));

        this.ListField<object?, ConnectionGraphType, Connection>("connections", c => c.Data().Connections);
        this.ListField<object?, CheckDefinitionGraphType, CheckDefinition>("checkDefinitions", c => c.Data().Checks);
        this.ListField<object?, CheckResultGraphType, CheckResult>("checkResults", c => c.Data().CheckResults);
        this.ListField<object?, IncidentGraphType, Incident>("incidents", c => c.Data().Incidents);
        this.ListField<object?, ScheduleGraphType, Schedule>("schedules", c => c.Data().Schedules);
        this.ListField<object?, JobGraphType, Job>("jobs", c => c.Data().Jobs);
        this.ListField<object?, WebhookGraphType, Webhook>("webhooks", c => c.Data().Webhooks);
        this.ListField<object?, ApiKeyGraphType, ApiKey>("apiKeys", c => c.Data().ApiKeys);
        this.ListField<object?, AuditLogEntryGraphType, AuditLogEntry>("auditLog", c => c.Data().AuditLog);
        this.ListField<object?, SavedQueryGraphType, SavedQuery>("savedQueries", c => c.Data().SavedQueries);
        this.ListField<object?, QueryResultGraphType, QueryResult>("queryResults", c => c.Data().QueryResults);
        this.ListField<object?, QueryAuditEntryGraphType, QueryAuditEntry>("queryAudit", c => c.Data().QueryAudit);

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CheckTypeGraphType>>>>("checkTypes")
            .Description("The check catalog: every check type with its config fields.")
            .Resolve(_ => CheckCatalog.All);

        DashboardQueries.Register(this);
    }
}
