using DqPlatform.Domain.Auditing;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Connections;
using DqPlatform.Domain.Incidents;
using DqPlatform.Domain.Jobs;
using DqPlatform.Domain.Queries;
using DqPlatform.Domain.Scheduling;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Domain.Webhooks;
using DqPlatform.GraphQL.Lists.Filtering;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Persistence.QueryData;

namespace DqPlatform.Api.Auth;

/// <summary>
/// The only way resolvers reach data: every query here is already confined to the caller's workspace, so a resolver
/// cannot forget tenant isolation, and another tenant's id simply finds nothing (NOT_FOUND).
/// </summary>
public sealed class WorkspaceData(DqDbContext db, QueryDataDbContext data, RequestCaller caller)
{
    public DqDbContext Db => db;
    public QueryDataDbContext QueryDb => data;
    public Guid WorkspaceId => caller.Require(ApiKeyScopes.Read).WorkspaceId;

    public IQueryable<Workspace> Workspaces => Scoped(db.Workspaces, w => w.Id);
    public IQueryable<Organization> Organizations
    {
        get
        {
            var org = caller.Require(ApiKeyScopes.Read).OrganizationId;
            return db.Organizations.Where(o => o.Id == org);
        }
    }

    /// <summary>The organization's workspaces for organization admins (<c>org:admin</c>), the caller's own otherwise.</summary>
    public IQueryable<Workspace> OrganizationWorkspaces
    {
        get
        {
            var who = caller.Require(ApiKeyScopes.Read);
            return who.Scopes.Contains(ApiKeyScopes.OrganizationAdmin)
                ? db.Workspaces.Where(w => w.OrganizationId == who.OrganizationId)
                : Workspaces;
        }
    }

    public IQueryable<ApiKey> ApiKeys => Scoped(db.ApiKeys, k => k.WorkspaceId);
    public IQueryable<Connection> Connections => Scoped(db.Connections, c => c.WorkspaceId);
    public IQueryable<CheckDefinition> Checks => Scoped(db.CheckDefinitions, c => c.Connection!.WorkspaceId);
    public IQueryable<CheckResult> CheckResults => Scoped(db.CheckResults, r => r.Check!.Connection!.WorkspaceId);
    public IQueryable<Incident> Incidents => Scoped(db.Incidents, i => i.Check!.Connection!.WorkspaceId);
    public IQueryable<Schedule> Schedules => Scoped(db.Schedules, s => s.Check!.Connection!.WorkspaceId);
    public IQueryable<Job> Jobs => Scoped(db.Jobs, j => j.Check!.Connection!.WorkspaceId);
    public IQueryable<Webhook> Webhooks => Scoped(db.Webhooks, w => w.WorkspaceId);
    public IQueryable<AuditLogEntry> AuditLog => Scoped(db.AuditLog, a => a.WorkspaceId);

    /// <summary>Shared queries of the workspace, and the caller's own private ones.</summary>
    public IQueryable<SavedQuery> SavedQueries
    {
        get
        {
            var who = caller.Require(ApiKeyScopes.Read);
            return data.SavedQueries.Where(q => q.WorkspaceId == who.WorkspaceId && (q.Visibility == QueryVisibility.Shared || q.UserId == who.PrincipalId));
        }
    }

    public IQueryable<QueryResult> QueryResults => Scoped(data.QueryResults, r => r.WorkspaceId);

    /// <summary>Dataset-level audit rows of the caller's organization (seed 000 keys them by org, not workspace).</summary>
    public IQueryable<QueryAuditEntry> QueryAudit
    {
        get
        {
            var org = caller.Require(ApiKeyScopes.Read).OrganizationId;
            return data.QueryAudit.Where(a => a.OrgId == org);
        }
    }

    private IQueryable<T> Scoped<T>(IQueryable<T> source, System.Linq.Expressions.Expression<Func<T, Guid>> workspaceOf)
    {
        // A parameter, not a constant: one cached plan serves every workspace.
        var workspace = WorkspaceId;
        var parameter = workspaceOf.Parameters[0];
        var predicate = System.Linq.Expressions.Expression.Lambda<Func<T, bool>>(
            System.Linq.Expressions.Expression.Equal(workspaceOf.Body, Parameterized.Value(workspace, typeof(Guid))), parameter);
        return source.Where(predicate);
    }
}
