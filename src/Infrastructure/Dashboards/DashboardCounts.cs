using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Incidents;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Dashboards;

/// <summary>
/// The counts a dashboard's header shows, over rows the caller has already confined to its workspace and filtered: one
/// GROUP BY per set, whichever of its counts are selected. Every value of an enum is answered, in declaration order and
/// with zeros, so a chart's legend and colours do not move when a status empties.
/// </summary>
public static class DashboardCounts
{
    public static async Task<IncidentCounts> IncidentsAsync(IQueryable<Incident> incidents, CancellationToken cancellationToken)
    {
        var groups = await incidents.GroupBy(i => new { i.Status, i.Severity })
            .Select(g => new { g.Key.Status, g.Key.Severity, Count = g.Count() }).ToListAsync(cancellationToken);
        return new IncidentCounts(
            groups.Sum(g => g.Count), Tallies(groups.Select(g => (g.Status, g.Count))), Tallies(groups.Select(g => (g.Severity, g.Count))));
    }

    /// <summary>
    /// By the outcome each check's latest-result trigger keeps with its pointer (<see cref="CheckDefinition.LatestOutcome"/>):
    /// a scan of the checks, not a lookup of each one's latest result.
    /// </summary>
    public static async Task<CheckCounts> ChecksAsync(IQueryable<CheckDefinition> checks, CancellationToken cancellationToken)
    {
        var groups = await checks.GroupBy(c => c.LatestOutcome).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return new CheckCounts(groups.Sum(g => g.Count), Tallies(groups.Select(g => (g.Key, g.Count))));
    }

    private static List<Tally<TValue>> Tallies<TValue>(IEnumerable<(TValue Value, int Count)> groups)
        where TValue : struct, Enum
    {
        var counts = groups.GroupBy(g => g.Value).ToDictionary(g => g.Key, g => g.Sum(x => x.Count));
        return [.. Enum.GetValues<TValue>().Select(v => new Tally<TValue>(v, counts.GetValueOrDefault(v)))];
    }
}
