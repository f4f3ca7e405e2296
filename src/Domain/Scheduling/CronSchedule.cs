using Cronos;
using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Scheduling;

/// <summary>
/// A cron expression in a time zone. Occurrences are computed in the zone, so "every day at 02:30 Europe/Berlin"
/// stays at 02:30 local time across daylight-saving changes (Cronos handles skipped and repeated hours).
/// </summary>
public sealed class CronSchedule
{
    private readonly CronExpression _expression;
    private readonly TimeZoneInfo _zone;

    private CronSchedule(CronExpression expression, TimeZoneInfo zone)
    {
        _expression = expression;
        _zone = zone;
    }

    /// <summary>Five fields, or six with seconds first; an IANA time zone. Throws VALIDATION naming the field.</summary>
    public static CronSchedule Parse(string cron, string timezone)
    {
        cron = cron.Trim();
        if (cron.Length is 0 or > 100)
        {
            throw new ValidationException("'cronExpression' must be 1 to 100 characters.", "cronExpression");
        }

        CronExpression expression;
        try
        {
            var format = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
            expression = CronExpression.Parse(cron, format);
        }
        catch (CronFormatException e)
        {
            throw new ValidationException($"'cronExpression' is not a valid cron expression: {e.Message}", "cronExpression");
        }

        if (timezone.Length > 50 || !TimeZoneInfo.TryFindSystemTimeZoneById(timezone, out var zone))
        {
            throw new ValidationException($"Unknown time zone '{timezone}'.", "timezone");
        }

        return new CronSchedule(expression, zone);
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, in UTC; null when there is none.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) => _expression.GetNextOccurrence(after, _zone)?.ToUniversalTime();

    /// <summary>The shortest gap between two fires, in UTC (<see cref="CronGaps"/>); null for one that fires once or never.</summary>
    public TimeSpan? ShortestGap() => CronGaps.Shortest(_expression);
}
