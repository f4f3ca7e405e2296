using System.Linq.Expressions;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Incidents;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Dashboards;

/// <summary>
/// The counts a dashboard's header shows, over rows the caller has already confined to its workspace and filtered: one
/// GROUP BY each. Every value of the enum is answered, in declaration order and with zeros, so a chart's legend and
/// colours do not move when a status empties.
/// </summary>
public static class DashboardCounts
{
    public static Task<List<Tally<IncidentStatus>>> IncidentsByStatusAsync(IQueryable<Incident> incidents, CancellationToken cancellationToken) =>
        ByAsync(incidents, i => i.Status, cancellationToken);

    public static Task<List<Tally<CheckSeverity>>> IncidentsBySeverityAsync(IQueryable<Incident> incidents, CancellationToken cancellationToken) =>
        ByAsync(incidents, i => i.Severity, cancellationToken);

    /// <summary>
    /// By the outcome each check's latest-result trigger keeps with its pointer (<see cref="CheckDefinition.LatestOutcome"/>):
    /// a scan of the checks, not a lookup of each one's latest result.
    /// </summary>
    public static Task<List<Tally<CheckOutcome>>> ChecksByLastOutcomeAsync(IQueryable<CheckDefinition> checks, CancellationToken cancellationToken) =>
        ByAsync(checks, c => c.LatestOutcome, cancellationToken);

    private static async Task<List<Tally<TValue>>> ByAsync<T, TValue>(
        IQueryable<T> rows, Expression<Func<T, TValue>> value, CancellationToken cancellationToken)
        where TValue : struct, Enum
    {
        var counts = await rows.GroupBy(value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return [.. Enum.GetValues<TValue>().Select(v => new Tally<TValue>(v, counts.GetValueOrDefault(v)))];
    }
}
