namespace DqPlatform.Domain.Checks;

/// <summary>
/// The bucket widths a result series may use, finest first. Fixed lengths of time, never calendar units: a day is 24
/// hours and a week 7 days, so every bucket is as long as the next whatever the time zone or daylight saving, and
/// PostgreSQL's <c>date_bin</c> cuts them (it refuses months and years for the same reason).
/// </summary>
public enum ResultSeriesBucket
{
    Minute,
    FiveMinutes,
    FifteenMinutes,
    Hour,
    SixHours,
    Day,
    Week,
}
