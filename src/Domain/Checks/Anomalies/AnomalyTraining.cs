namespace DqPlatform.Domain.Checks.Anomalies;

/// <summary>
/// Which earlier values an anomaly rule learns from. Three rules, in this order:
/// <list type="number">
/// <item>Values that fell inside an incident are left out: a failed result of the check measured between one of its
/// incidents' <c>first_seen</c> and <c>last_seen</c> (inclusive) — exactly the failures counted on that incident. Passing
/// results are always kept, and so are failures no incident took. Learning from an incident's values would widen the
/// band around the very departure people were told about (Elementary #962). Errors (nothing measured) never train.
/// <c>CheckHistory.PointsAsync</c> applies this in SQL as an anti-join on the incidents of the check.</item>
/// <item>Only values within the training window (<c>trainingDays</c> before the reading) and, with a seasonality, of
/// the reading's own season (hour of day, day of week or hour of week, on the wall clock of <c>timeZone</c>, UTC by
/// default).</item>
/// <item>Of those, the newest <c>window</c> values.</item>
/// </list>
/// </summary>
public static class AnomalyTraining
{
    /// <param name="history">Newest first, already without errors and incident failures (rule 1).</param>
    public static double[] Select(AnomalySettings settings, DateTimeOffset at, IReadOnlyList<HistoryPoint> history)
    {
        var since = settings.EffectiveTrainingDays is { } days ? at.AddDays(-days) : (DateTimeOffset?)null;
        var limit = settings.EffectiveWindow;
        var clock = new SeasonClock(settings.Seasonality, settings.Zone);
        var season = clock.SeasonOf(at);
        var selected = new List<double>(Math.Min(limit, history.Count));
        for (var i = 0; i < history.Count && selected.Count < limit; i++)
        {
            var point = history[i];
            if (since is { } from && point.At < from || season != SeasonClock.AnySeason && clock.SeasonOf(point.At) != season)
            {
                continue;
            }

            selected.Add((double)point.Value);
        }

        return [.. selected];
    }
}
