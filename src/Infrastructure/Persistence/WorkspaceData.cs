using DqPlatform.Domain.Auditing;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Connections;
using DqPlatform.Domain.Incidents;
using DqPlatform.Domain.Jobs;
using DqPlatform.Domain.Queries;
using DqPlatform.Domain.Scheduling;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Domain.Webhooks;
using DqPlatform.Infrastructure.Persistence.QueryData;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Persistence;

/// <summary>
/// The only way features reach data: every query here is already confined to the caller's workspace, so a feature
/// cannot forget tenant isolation, and another tenant's id simply finds nothing (NOT_FOUND).
/// </summary>
public sealed class WorkspaceData(DqDbContext db, QueryDataDbContext data, ICurrentCaller caller)
{
    public DqDbContext Db => db;
    public QueryDataDbContext QueryDb => data;
    public Guid WorkspaceId => caller.Require(ApiKeyScopes.Read).WorkspaceId;
    public Guid OrganizationId => caller.Require(ApiKeyScopes.Read).OrganizationId;

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

    /// <summary>The users of the caller's organization (its members): who a caller may see named as an actor.</summary>
    public IQueryable<Domain.People.User> OrganizationUsers
    {
        get
        {
            var org = caller.Require(ApiKeyScopes.Read).OrganizationId;
            return db.Users.Where(u => db.OrganizationMembers.Any(m => m.UserId == u.Id && m.OrganizationId == org));
        }
    }

    public IQueryable<Connection> Connections => Scoped(db.Connections, c => c.WorkspaceId);
    public IQueryable<CheckDefinition> Checks => Scoped(db.CheckDefinitions, c => c.Connection!.WorkspaceId);
    public IQueryable<CheckResult> CheckResults => Scoped(db.CheckResults, r => r.Check!.Connection!.WorkspaceId);
    public IQueryable<Incident> Incidents => Scoped(db.Incidents, i => i.Check!.Connection!.WorkspaceId);
    public IQueryable<Schedule> Schedules => Scoped(db.Schedules, s => s.Check!.Connection!.WorkspaceId);
    public IQueryable<Job> Jobs => Scoped(db.Jobs, j => j.Check!.Connection!.WorkspaceId);
    public IQueryable<Webhook> Webhooks => Scoped(db.Webhooks, w => w.WorkspaceId);
    public IQueryable<Domain.Notifications.Quiet.MaintenanceWindow> MaintenanceWindows => Scoped(db.MaintenanceWindows, w => w.WorkspaceId);
    public IQueryable<AuditLogEntry> AuditLog => Scoped(db.AuditLog.Where(a => a.WorkspaceId != null), a => a.WorkspaceId!.Value);

    /// <summary>
    /// Every audit row of the caller's organization (<c>org:admin</c>): its people, roles and workspaces, and the changes
    /// inside its workspaces, deleted ones included.
    /// </summary>
    public IQueryable<AuditLogEntry> OrganizationAuditLog
    {
        get
        {
            var org = caller.Require(ApiKeyScopes.OrganizationAdmin).OrganizationId;
            return db.AuditLog.Where(a => a.OrganizationId == org);
        }
    }
    public IQueryable<Domain.People.Dataset> Datasets => Scoped(db.Datasets, d => d.WorkspaceId);
    public IQueryable<Domain.Notifications.NotificationChannel> NotificationChannels => Scoped(db.NotificationChannels, c => c.WorkspaceId);
    public IQueryable<Domain.Notifications.NotificationRule> NotificationRules => Scoped(db.NotificationRules, r => r.WorkspaceId);
    public IQueryable<Domain.Notifications.NotificationDelivery> NotificationDeliveries => Scoped(db.NotificationDeliveries, d => d.WorkspaceId);

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

    /// <summary>Forgets every change not yet saved in this request's unit of work (a mutation was refused).</summary>
    public void DiscardChanges()
    {
        db.ChangeTracker.Clear();
        data.ChangeTracker.Clear();
    }

    /// <summary>Rows of one of the sets above by primary key, untracked: node lookups.</summary>
    public static Task<List<T>> ByIdsAsync<T>(IQueryable<T> scoped, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
        where T : class =>
        scoped.AsNoTracking().Where(x => ids.Contains(EF.Property<Guid>(x, "Id"))).ToListAsync(cancellationToken);

    /// <summary>The same keyed by id: batch loaders.</summary>
    public static async Task<IReadOnlyDictionary<Guid, T>> ByIdsAsync<T>(
        IQueryable<T> scoped, IReadOnlyCollection<Guid> ids, Func<T, Guid> idOf, CancellationToken cancellationToken)
        where T : class =>
        await scoped.AsNoTracking().Where(x => ids.Contains(EF.Property<Guid>(x, "Id"))).ToDictionaryAsync(idOf, cancellationToken);

    /// <summary>The caller's own workspace and organization.</summary>
    public Task<Workspace> CurrentWorkspaceAsync(CancellationToken cancellationToken) => Workspaces.AsNoTracking().SingleAsync(cancellationToken);

    public Task<Organization> CurrentOrganizationAsync(CancellationToken cancellationToken) => Organizations.AsNoTracking().SingleAsync(cancellationToken);

    /// <summary>
    /// Removes one row of <paramref name="scoped"/> (NOT_FOUND is the caller's to raise on false). Loaded and removed,
    /// not a bulk DELETE, so the audit trail sees it; the database cascades to children.
    /// </summary>
    public async Task<bool> RemoveAsync<T>(IQueryable<T> scoped, Guid id, CancellationToken cancellationToken)
        where T : class
    {
        var entity = await scoped.SingleOrDefaultAsync(x => EF.Property<Guid>(x, "Id") == id, cancellationToken);
        if (entity is null)
        {
            return false;
        }

        db.Remove(entity);
        await db.SaveOrConflictAsync(cancellationToken);
        return true;
    }

    private IQueryable<T> Scoped<T>(IQueryable<T> source, System.Linq.Expressions.Expression<Func<T, Guid>> workspaceOf)
    {
        // A parameter, not a constant: one cached plan serves every workspace.
        var workspace = WorkspaceId;
        var parameter = workspaceOf.Parameters[0];
        var predicate = System.Linq.Expressions.Expression.Lambda<Func<T, bool>>(
            System.Linq.Expressions.Expression.Equal(workspaceOf.Body, new WorkspaceParameter(workspace).Expression), parameter);
        return source.Where(predicate);
    }

    // EF Core turns a member of a closure object into a SQL parameter, as it does for a captured variable.
    private sealed record WorkspaceParameter(Guid Value)
    {
        public System.Linq.Expressions.Expression Expression =>
            System.Linq.Expressions.Expression.Property(System.Linq.Expressions.Expression.Constant(this), nameof(Value));
    }
}
