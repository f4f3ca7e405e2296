using DqPlatform.Domain.Common;
using DqPlatform.Domain.Tenancy.Quotas;
using DqPlatform.Infrastructure.Persistence;

namespace DqPlatform.Infrastructure.Tenancy.Quotas;

/// <summary>The caller's workspace against each of its quotas (the graph's <c>Workspace.quotas</c>).</summary>
public sealed class WorkspaceQuotaReads(WorkspaceData data, WorkspaceQuotas quotas, IClock clock)
{
    public async Task<IReadOnlyList<QuotaUsage>> UsageAsync(CancellationToken cancellationToken)
    {
        var (workspace, quota) = (data.WorkspaceId, quotas.For(data.OrganizationId));
        // One after another: a context runs one statement at a time.
        return
        [
            quota.UsageOf(QuotaKind.CheckDefinitions, await QuotaCounts.CheckDefinitionsAsync(data.Db, workspace, cancellationToken)),
            quota.UsageOf(QuotaKind.ShortestScheduleInterval, await QuotaCounts.ShortestScheduleIntervalAsync(data.Db, workspace, cancellationToken)),
            quota.UsageOf(QuotaKind.Connections, await QuotaCounts.ConnectionsAsync(data.Db, workspace, cancellationToken)),
            quota.UsageOf(QuotaKind.SavedQueries, await QuotaCounts.SavedQueriesAsync(data.QueryDb, workspace, cancellationToken)),
            quota.UsageOf(QuotaKind.ConcurrentBatchQueries, await QuotaCounts.ConcurrentBatchQueriesAsync(data.QueryDb, workspace, cancellationToken)),
            quota.UsageOf(QuotaKind.RetainedExportBytes, await QuotaCounts.RetainedExportBytesAsync(data.QueryDb, workspace, cancellationToken)),
            quota.UsageOf(QuotaKind.ApiKeys, await QuotaCounts.ApiKeysAsync(data.Db, workspace, clock.UtcNow, cancellationToken)),
            quota.UsageOf(QuotaKind.Workspaces, await QuotaCounts.WorkspacesAsync(data.Db, data.OrganizationId, cancellationToken)),
        ];
    }
}
