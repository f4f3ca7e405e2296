using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Incidents;
using DqPlatform.Domain.Scheduling;
using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Checks;

/// <summary>What the graph reads about checks beyond their lists: batches by key for loaders, and the dashboard aggregates.</summary>
public sealed class CheckReads(WorkspaceData data)
{
    /// <summary>Results by primary key; the executed_at list lets PostgreSQL prune partitions.</summary>
    public async Task<IReadOnlyDictionary<ResultKey, CheckResult>> ResultsAsync(IReadOnlyCollection<ResultKey> keys, CancellationToken cancellationToken)
    {
        var times = keys.Select(k => k.ExecutedAt).Distinct().ToList();
        var ids = keys.Select(k => k.Id).ToList();
        var rows = await data.CheckResults.AsNoTracking().Where(r => times.Contains(r.ExecutedAt) && ids.Contains(r.Id)).ToListAsync(cancellationToken);
        return rows.ToDictionary(ResultKey.Of);
    }

    /// <summary>One result by its key, looked up alone (a node lookup: the table is partitioned by time).</summary>
    public Task<CheckResult?> ResultAsync(ResultKey key, CancellationToken cancellationToken) =>
        data.CheckResults.AsNoTracking().SingleOrDefaultAsync(r => r.ExecutedAt == key.ExecutedAt && r.Id == key.Id, cancellationToken);

    public async Task<IReadOnlyDictionary<Guid, Schedule>> SchedulesByCheckAsync(IReadOnlyCollection<Guid> checkIds, CancellationToken cancellationToken) =>
        await data.Schedules.AsNoTracking().Where(s => checkIds.Contains(s.CheckId)).ToDictionaryAsync(s => s.CheckId, cancellationToken);

    /// <summary>
    /// Each check's active incident: the one its failures counted on (IncidentGroups; after a change of grouping a
    /// check may count on two until the older resolves, and the one it counted on last is answered). "Not resolved" is
    /// <see cref="IncidentRules.ActiveStatuses"/> written as the partial indexes' predicate, so they serve it.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, Incident>> ActiveIncidentsByCheckAsync(IReadOnlyCollection<Guid> checkIds, CancellationToken cancellationToken)
    {
        // Incidents opened by the checks, and group incidents they counted on (IncidentCheck).
        var opened = await data.Incidents.AsNoTracking().Where(i => checkIds.Contains(i.CheckId) && i.Status != IncidentStatus.Resolved)
            .Select(i => new { i.CheckId, i.LastSeen, Incident = i }).ToListAsync(cancellationToken);
        var counted = await data.Db.IncidentChecks.AsNoTracking()
            .Where(m => checkIds.Contains(m.CheckId))
            .Join(data.Incidents.AsNoTracking().Where(i => i.Status != IncidentStatus.Resolved), m => m.IncidentId, i => i.Id, (m, i) => new { m.CheckId, m.LastSeen, Incident = i })
            .ToListAsync(cancellationToken);
        return opened.Concat(counted).GroupBy(m => m.CheckId).ToDictionary(g => g.Key, g => g.MaxBy(m => m.LastSeen)!.Incident);
    }

    /// <summary>Runs and passes per target table in (since, until].</summary>
    public Task<List<TablePassRate>> PassRateByTableAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken) =>
        data.CheckResults
            .Where(r => r.ExecutedAt > since && r.ExecutedAt <= until)
            .GroupBy(r => new { r.Check!.TargetSchema, r.Check.TargetTable })
            .Select(g => new TablePassRate(g.Key.TargetSchema, g.Key.TargetTable, g.Count(), g.Count(r => r.RulePassed)))
            .ToListAsync(cancellationToken);

    /// <summary>The schedules <see cref="Schedule.DueAt"/> says are due, soonest first.</summary>
    public Task<List<Schedule>> DueSchedulesAsync(DateTimeOffset asOf, int first, CancellationToken cancellationToken) =>
        data.Schedules.AsNoTracking().Where(Schedule.DueAt(asOf)).OrderBy(s => s.NextRunAt).ThenBy(s => s.Id).Take(first).ToListAsync(cancellationToken);
}

/// <summary>Runs and passes of one target table over a window.</summary>
public sealed record TablePassRate(string? TargetSchema, string TargetTable, int TotalRuns, int Passed)
{
    public double PassRate => TotalRuns == 0 ? 0 : Math.Round(100.0 * Passed / TotalRuns, 1);
}
