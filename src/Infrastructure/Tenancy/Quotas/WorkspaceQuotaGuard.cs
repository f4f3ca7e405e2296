using DqPlatform.Domain.Auditing;
using DqPlatform.Domain.Tenancy.Quotas;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Resilience;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Tenancy.Quotas;

/// <summary>
/// Where the counting quotas of <see cref="WorkspaceQuota"/> are enforced: in one transaction, a transaction-scoped
/// advisory lock on (quota, workspace), then the count, then the insert. Creates of one workspace and kind queue on
/// the lock, and each counts only after the one before it committed (READ COMMITTED reads what committed before its
/// statement began), so two creates racing for the last place cannot both pass. Other workspaces never wait.
/// </summary>
public static class WorkspaceQuotaGuard
{
    /// <summary>
    /// Saves <paramref name="db"/>'s pending changes if one more of <paramref name="kind"/> fits; otherwise throws
    /// QUOTA_EXCEEDED having saved nothing (no row, no audit entry).
    /// </summary>
    public static async Task SaveWithinQuotaAsync(
        this DbContext db, WorkspaceQuota quota, QuotaKind kind, Guid workspaceId, Func<CancellationToken, Task<long>> used, CancellationToken cancellationToken)
    {
        await db.InTransactionAsync(async (transaction, token) =>
        {
            await LockAsync(db, kind, workspaceId, token);
            quota.RequireRoomForOneMore(kind, await used(token));
            ForgetAuditRowsOfAnEarlierAttempt(db);
            await db.SaveOrConflictAsync(token, acceptAllChangesOnSuccess: false);
            await transaction.CommitAsync(token);
            return true;
        }, cancellationToken);
        db.ChangeTracker.AcceptAllChanges();
    }

    // The auditing interceptor adds the audit rows while saving; an attempt that failed left its rows tracked, and the
    // retry's save adds them again.
    internal static void ForgetAuditRowsOfAnEarlierAttempt(DbContext db)
    {
        foreach (var stale in db.ChangeTracker.Entries<AuditLogEntry>().Where(e => e.State == EntityState.Added).ToList())
        {
            stale.State = EntityState.Detached;
        }
    }

    /// <summary>
    /// Takes the (quota, workspace) lock in the caller's open transaction, until it ends. Two 32-bit keys: the class of
    /// lock and the workspace, hashed by PostgreSQL; a hash collision only makes two workspaces take turns.
    /// </summary>
    public static Task LockAsync(DbContext db, QuotaKind kind, Guid workspaceId, CancellationToken cancellationToken)
    {
        var lockClass = "dq.quota." + WorkspaceQuota.NameOf(kind);
        var workspace = workspaceId.ToString();
        return db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({lockClass}), hashtext({workspace}))", cancellationToken);
    }
}
