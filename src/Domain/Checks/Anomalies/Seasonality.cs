namespace DqPlatform.Domain.Checks.Anomalies;

/// <summary>Which earlier values a reading is compared with: all of them, or only those of the same season.</summary>
public enum Seasonality
{
    None,
    HourOfDay,
    DayOfWeek,
    HourOfWeek,
}

public static class SeasonalityNames
{
    public static readonly IReadOnlyDictionary<string, Seasonality> ByName = new Dictionary<string, Seasonality>(StringComparer.Ordinal)
    {
        ["none"] = Seasonality.None,
        ["hourOfDay"] = Seasonality.HourOfDay,
        ["dayOfWeek"] = Seasonality.DayOfWeek,
        ["hourOfWeek"] = Seasonality.HourOfWeek,
    };

    public static string Describe(this Seasonality seasonality) => seasonality switch
    {
        Seasonality.HourOfDay => "same hour of day",
        Seasonality.DayOfWeek => "same day of week",
        Seasonality.HourOfWeek => "same hour of week",
        _ => "recent",
    };
}
