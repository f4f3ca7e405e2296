using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Checks.Anomalies;

/// <summary>
/// An <c>anomaly</c> check's config, read once. Without <see cref="Seasonality"/> and <see cref="TrainingDays"/> the
/// training set is the newest <see cref="Window"/> values, the rule anomaly checks always had.
/// </summary>
public sealed record AnomalySettings(
    Seasonality Seasonality, TimeZoneInfo Zone, int? TrainingDays, int? Window, double? MaxStdDevs, double? MaxPercent, double? Sensitivity)
{
    public const int DefaultWindow = 14;

    /// <summary>
    /// Training for a seasonal rule reaches back far enough to see each season several times: 14 days give 14 values of
    /// an hour of day (Elementary's default training period), 8 weeks give 8 of a day or hour of week.
    /// </summary>
    public const int DefaultDailyTrainingDays = 14;

    public const int DefaultWeeklyTrainingDays = 56;

    /// <summary>The most values one evaluation loads, whatever the window: 10,000 is 35 days of a check run every 5 minutes.</summary>
    public const int MaxTrainingPoints = 20_000;

    public static AnomalySettings From(CheckConfig config)
    {
        var seasonality = Seasonality.None;
        if (config.TryGet("seasonality", out var s))
        {
            var name = s.GetString() ?? "";
            if (!SeasonalityNames.ByName.TryGetValue(name, out seasonality))
            {
                throw new ValidationException($"'seasonality' must be one of {string.Join(", ", SeasonalityNames.ByName.Keys)}.", "config.seasonality");
            }
        }

        var zone = TimeZoneInfo.Utc;
        if (config.TryGet("timeZone", out var z) && (z.GetString() is not { Length: <= 50 } id || !TimeZoneInfo.TryFindSystemTimeZoneById(id, out zone)))
        {
            throw new ValidationException($"Unknown time zone '{z}': name an IANA zone such as 'Europe/Berlin'.", "config.timeZone");
        }

        return new AnomalySettings(seasonality, zone!, (int?)config.Number("trainingDays"), (int?)config.Number("window"),
            config.Number("maxStdDevs"), config.Number("maxPercent"), config.Number("sensitivity"));
    }

    /// <summary>How far back training reaches; null for the plain newest-values rule.</summary>
    public int? EffectiveTrainingDays => TrainingDays ?? Seasonality switch
    {
        Seasonality.None => null,
        Seasonality.HourOfDay => DefaultDailyTrainingDays,
        _ => DefaultWeeklyTrainingDays,
    };

    /// <summary>At most this many values (of the same season) are used; the plain rule keeps its default of 14.</summary>
    public int EffectiveWindow => Window ?? (EffectiveTrainingDays is null ? DefaultWindow : MaxTrainingPoints);

    public HistoryWindow HistoryWindow(DateTimeOffset at) => new(
        EffectiveTrainingDays is { } days ? at.AddDays(-days) : null,
        Seasonality == Seasonality.None ? Math.Min(EffectiveWindow, MaxTrainingPoints) : MaxTrainingPoints);
}
