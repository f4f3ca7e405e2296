using Cronos;

namespace DqPlatform.Domain.Scheduling;

/// <summary>
/// The shortest time between two consecutive fires of a cron expression, measured in UTC (the expression's own
/// cadence; a zone's daylight-saving shifts are left out). Cron's time fields (seconds, minutes, hours) apply alike
/// to every day it fires on, so the answer is the smaller of the shortest gap within one firing day and the gap from
/// one firing day's last fire to the next firing day's first; firing days are looked for over four years, a whole
/// leap-year cycle, from a fixed date, so the answer never depends on today.
/// </summary>
public static class CronGaps
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);
    private static readonly DateTime Anchor = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Null when the expression fires at most once in the four years looked at.</summary>
    public static TimeSpan? Shortest(CronExpression expression)
    {
        if (expression.GetNextOccurrence(Anchor, inclusive: true) is not { } first)
        {
            return null;
        }

        var day = first.Date;
        var (shortest, earliest, latest) = WithinDay(expression, first, day);
        var end = day.AddYears(4);
        var fewestDays = TimeSpan.MaxValue;
        for (var previous = day; fewestDays > TimeSpan.FromDays(1);)
        {
            if (expression.GetNextOccurrence(previous.AddDays(1), inclusive: true) is not { } next || next >= end)
            {
                break;
            }

            var nextDay = next.Date;
            fewestDays = Min(fewestDays, nextDay - previous);
            previous = nextDay;
        }

        if (fewestDays != TimeSpan.MaxValue)
        {
            shortest = Min(shortest, fewestDays - (latest - earliest));
        }

        return shortest == TimeSpan.MaxValue ? null : shortest;
    }

    // The fires of one firing day: the shortest gap between them, and the first and last time of day.
    private static (TimeSpan Shortest, TimeSpan Earliest, TimeSpan Latest) WithinDay(CronExpression expression, DateTime first, DateTime day)
    {
        var shortest = TimeSpan.MaxValue;
        var previous = first;
        var nextDay = day.AddDays(1);
        while (expression.GetNextOccurrence(previous) is { } next && next < nextDay)
        {
            shortest = Min(shortest, next - previous);
            previous = next;
            if (shortest <= OneSecond)
            {
                // Nothing fires closer than a second: an every-second expression is answered at once, not in 86,400 steps.
                return (shortest, first - day, first - day);
            }
        }

        return (shortest, first - day, previous - day);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
