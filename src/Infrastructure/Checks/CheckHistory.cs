using DqPlatform.Domain.Checks;
using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Checks;

/// <summary>The earlier values a timed-history rule learns from (the rules are <c>AnomalyTraining</c>'s).</summary>
public static class CheckHistory
{
    /// <summary>
    /// Newest first along idx_results_check (check_id, executed_at DESC), whose range also prunes partitions older than
    /// the window. Incidents are the check's own or, under table or category grouping, those its failures counted on
    /// (<c>incident_checks</c>). Incident failures leave as two anti-joins probed only for failed rows, by idx_incidents_check
    /// and idx_incident_checks_check: a check has few incidents, so 10,000 values are one index range scan plus a handful of probes.
    /// </summary>
    public static async Task<IReadOnlyList<HistoryPoint>> PointsAsync(DqDbContext db, Guid checkId, HistoryWindow window, CancellationToken cancellationToken) =>
        await Query(db, checkId, window).ToListAsync(cancellationToken);

    public static IQueryable<HistoryPoint> Query(DqDbContext db, Guid checkId, HistoryWindow window)
    {
        // A run that errored stores no value (CheckRunner), so a value is the whole test and the scan stays index-only
        // on idx_results_check, whose INCLUDE holds rule_passed and sensor_value.
        var results = db.CheckResults.AsNoTracking().Where(r => r.CheckId == checkId && r.SensorValue != null);
        if (window.Since is { } since)
        {
            results = results.Where(r => r.ExecutedAt >= since);
        }

        return results
            .Where(r => r.RulePassed
                || (!db.Incidents.Any(i => i.CheckId == checkId && i.FirstSeen <= r.ExecutedAt && i.LastSeen >= r.ExecutedAt)
                    && !db.IncidentChecks.Any(c => c.CheckId == checkId
                        && db.Incidents.Any(i => i.Id == c.IncidentId && i.FirstSeen <= r.ExecutedAt && i.LastSeen >= r.ExecutedAt))))
            .OrderByDescending(r => r.ExecutedAt)
            .Take(window.MaxPoints)
            .Select(r => new HistoryPoint(r.ExecutedAt, r.SensorValue!.Value));
    }
}
