namespace DqPlatform.Domain.Checks.Anomalies;

/// <summary>
/// The season of an instant on a zone's wall clock. A UTC hour whose offset is the same at its start and end is looked
/// up once (two lookups), since history comes in time order; only an hour with a transition in it is looked up per value.
/// </summary>
internal struct SeasonClock(Seasonality seasonality, TimeZoneInfo zone)
{
    public const int AnySeason = -1;

    private long _hour = long.MinValue;
    private TimeSpan? _offset;

    public int SeasonOf(DateTimeOffset at)
    {
        if (seasonality == Seasonality.None)
        {
            return AnySeason;
        }

        var utc = at.UtcDateTime;
        var local = utc + OffsetAt(utc);
        return seasonality switch
        {
            Seasonality.HourOfDay => local.Hour,
            Seasonality.DayOfWeek => (int)local.DayOfWeek,
            _ => (int)local.DayOfWeek * 24 + local.Hour,
        };
    }

    private TimeSpan OffsetAt(DateTime utc)
    {
        if (zone == TimeZoneInfo.Utc)
        {
            return TimeSpan.Zero;
        }

        var hour = utc.Ticks / TimeSpan.TicksPerHour;
        if (hour != _hour)
        {
            _hour = hour;
            var start = new DateTime(hour * TimeSpan.TicksPerHour, DateTimeKind.Utc);
            var first = zone.GetUtcOffset(start);
            _offset = first == zone.GetUtcOffset(start.AddTicks(TimeSpan.TicksPerHour - 1)) ? first : null;
        }

        return _offset ?? zone.GetUtcOffset(utc);
    }
}
