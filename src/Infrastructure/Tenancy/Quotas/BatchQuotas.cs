using DqPlatform.Domain.Tenancy.Quotas;
using DqPlatform.Infrastructure.Persistence.QueryData;

namespace DqPlatform.Infrastructure.Tenancy.Quotas;

/// <summary>The quotas a batch query answers to: how many run at once, and how many export bytes the workspace keeps.</summary>
public static class BatchQuotas
{
    /// <summary>
    /// Refuses (QUOTA_EXCEEDED) queuing one more batch run while the workspace already has as many queued or running,
    /// or keeps exports filling its byte quota. Call in the transaction that inserts the run: the workspace's lock is
    /// held until it ends, so concurrent runs are counted one after another (<see cref="WorkspaceQuotaGuard"/>).
    /// </summary>
    public static async Task RequireRoomForBatchAsync(this QueryDataDbContext data, WorkspaceQuota quota, Guid workspaceId, CancellationToken cancellationToken)
    {
        await WorkspaceQuotaGuard.LockAsync(data, QuotaKind.ConcurrentBatchQueries, workspaceId, cancellationToken);
        quota.RequireRoomForOneMore(QuotaKind.ConcurrentBatchQueries, await QuotaCounts.ConcurrentBatchQueriesAsync(data, workspaceId, cancellationToken));
        quota.RequireRoomForOneMore(QuotaKind.RetainedExportBytes, await QuotaCounts.RetainedExportBytesAsync(data, workspaceId, cancellationToken));
    }

    /// <summary>
    /// What an export starting now may write before the workspace's exports would pass its byte quota: a cap on the
    /// export in flight. Exports running side by side each see the same room, so together they may pass the quota by
    /// at most the concurrent-batch quota times that room; the next batch run is then refused at its start.
    /// </summary>
    public static async Task<long> ExportRoomAsync(this QueryDataDbContext data, WorkspaceQuota quota, Guid workspaceId, CancellationToken cancellationToken) =>
        Math.Max(0, quota.Limits.RetainedExportBytes - await QuotaCounts.RetainedExportBytesAsync(data, workspaceId, cancellationToken));
}
