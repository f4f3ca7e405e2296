using System.Collections.Concurrent;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Queries;
using DqPlatform.Domain.Scheduling;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Persistence.QueryData;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Tenancy.Quotas;

/// <summary>
/// What a workspace uses of each quota, counted in the database: by the stores inside their quota transaction, and by
/// the graph's <c>Workspace.quotas</c>. Counted from the rows themselves (no counters to drift), each over an index
/// that starts with the workspace.
/// </summary>
public static class QuotaCounts
{
    // Gaps by cron text: the same few expressions come back on every read of the workspace's quotas.
    private static readonly ConcurrentDictionary<string, TimeSpan?> Gaps = new(StringComparer.Ordinal);
    private const int MaxCachedGaps = 10_000;

    public static async Task<long> CheckDefinitionsAsync(DqDbContext db, Guid workspaceId, CancellationToken cancellationToken) =>
        await db.CheckDefinitions.CountAsync(c => c.Connection!.WorkspaceId == workspaceId, cancellationToken);

    public static async Task<long> ConnectionsAsync(DqDbContext db, Guid workspaceId, CancellationToken cancellationToken) =>
        await db.Connections.CountAsync(c => c.WorkspaceId == workspaceId, cancellationToken);

    public static async Task<long> WorkspacesAsync(DqDbContext db, Guid organizationId, CancellationToken cancellationToken) =>
        await db.Workspaces.CountAsync(w => w.OrganizationId == organizationId, cancellationToken);

    /// <summary>Keys that still authenticate: neither revoked nor expired.</summary>
    public static async Task<long> ApiKeysAsync(DqDbContext db, Guid workspaceId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.ApiKeys.CountAsync(k => k.WorkspaceId == workspaceId && k.RevokedAt == null && (k.ExpiresAt == null || k.ExpiresAt > now), cancellationToken);

    /// <summary>Every saved query of the workspace, private ones of others included (the caller sees only its own).</summary>
    public static async Task<long> SavedQueriesAsync(QueryDataDbContext data, Guid workspaceId, CancellationToken cancellationToken) =>
        await data.SavedQueries.CountAsync(q => q.WorkspaceId == workspaceId, cancellationToken);

    public static async Task<long> ConcurrentBatchQueriesAsync(QueryDataDbContext data, Guid workspaceId, CancellationToken cancellationToken) =>
        await data.QueryResults.CountAsync(
            r => r.WorkspaceId == workspaceId && r.Mode == QueryMode.Batch && (r.Status == QueryStatus.Queued || r.Status == QueryStatus.Running), cancellationToken);

    /// <summary>Bytes of the exports the store still holds (the retention sweep clears a run's location when it deletes its file).</summary>
    public static Task<long> RetainedExportBytesAsync(QueryDataDbContext data, Guid workspaceId, CancellationToken cancellationToken) =>
        data.QueryResults.Where(r => r.WorkspaceId == workspaceId && r.OutputLocation != null).SumAsync(r => r.Bytes ?? 0, cancellationToken);

    /// <summary>The shortest gap, in whole seconds, among the workspace's enabled schedules; null when none fires twice.</summary>
    public static async Task<long?> ShortestScheduleIntervalAsync(DqDbContext db, Guid workspaceId, CancellationToken cancellationToken)
    {
        var crons = await db.Schedules.Where(s => s.Enabled && s.Check!.Connection!.WorkspaceId == workspaceId)
            .Select(s => s.CronExpression).Distinct().ToListAsync(cancellationToken);
        var gaps = crons.Select(GapOf).OfType<TimeSpan>().ToList();
        return gaps.Count == 0 ? null : (long)gaps.Min().TotalSeconds;
    }

    private static TimeSpan? GapOf(string cron)
    {
        if (Gaps.TryGetValue(cron, out var known))
        {
            return known;
        }

        TimeSpan? gap;
        try
        {
            gap = CronSchedule.Parse(cron, "UTC").ShortestGap();
        }
        catch (ValidationException)
        {
            // Stored before this server's cron rules (or straight into the table): it never fires here either.
            gap = null;
        }

        if (Gaps.Count >= MaxCachedGaps)
        {
            Gaps.Clear();
        }

        Gaps[cron] = gap;
        return gap;
    }
}
