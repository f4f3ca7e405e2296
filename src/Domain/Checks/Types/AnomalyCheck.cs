using System.Globalization;
using DqPlatform.Domain.Checks.Anomalies;
using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Checks.Types;

/// <summary>
/// <c>anomaly</c>: the row count compared with the check's own history — all of it or only the same season
/// (<see cref="Seasonality"/>), over a training window, with incident values left out (<see cref="AnomalyTraining"/>) —
/// by a sensitivity band (<see cref="AnomalyStatistics.SensitivityBand"/>), by standard deviations, by percent, or any
/// of them. Every judged reading carries the band it was expected in. Too little history calls nothing unusual.
/// </summary>
public sealed class AnomalyCheck() : CheckType("anomaly", CheckTargetType.Table, "Row count departing from its own history, optionally by season.",
[
    new ConfigField("sensitivity", ConfigFieldKind.Number, false, "Fail outside mean ± this many standard deviations of the training values, after robust trimming and widened for small training sets (Elementary's anomaly_sensitivity; 3 is usual, 0.5–10)."),
    new ConfigField("seasonality", ConfigFieldKind.String, false, "Compare with values of the same season only: none (default), hourOfDay, dayOfWeek or hourOfWeek."),
    new ConfigField("trainingDays", ConfigFieldKind.Integer, false, "How many days of history train the rule (1–365; default 14 for hourOfDay, 56 for dayOfWeek and hourOfWeek, unlimited with no seasonality, where 'window' bounds it)."),
    new ConfigField("timeZone", ConfigFieldKind.String, false, "IANA time zone whose wall clock defines hours and days of seasons (default UTC)."),
    new ConfigField("window", ConfigFieldKind.Integer, false, "At most this many previous values (of the same season) train the rule (3–365; default 14 with neither seasonality nor trainingDays, else all in the training days)."),
    new ConfigField("maxStdDevs", ConfigFieldKind.Number, false, "Fail beyond this many standard deviations from the training mean."),
    new ConfigField("maxPercent", ConfigFieldKind.Number, false, "Fail beyond this percentage change from the training mean."),
]), ITimedHistoryJudge
{
    /// <summary>This many earlier values (of the season) are needed before anything can be called unusual.</summary>
    public const int MinimumHistory = 3;

    public const int DefaultWindow = AnomalySettings.DefaultWindow;

    public override string Sensor(SensorBuilder s, CheckConfig config) => $"SELECT COUNT(*) FROM {s.From}";

    public override int HistoryNeeded(CheckConfig config) => AnomalySettings.From(config).HistoryWindow(DateTimeOffset.UnixEpoch).MaxPoints;

    public HistoryWindow Training(CheckConfig config, DateTimeOffset at) => AnomalySettings.From(config).HistoryWindow(at);

    /// <summary>Values without times: only the plain rule (no seasonality, no training days) can judge them.</summary>
    public override RuleOutcome Judge(CheckConfig config, SensorReading reading, IReadOnlyList<decimal> history)
    {
        var settings = AnomalySettings.From(config);
        if (settings.EffectiveTrainingDays is not null)
        {
            throw new InvalidOperationException("A seasonal or time-windowed anomaly rule needs its history with times.");
        }

        return Judge(settings, reading, DateTimeOffset.UnixEpoch, [.. history.Select(v => new HistoryPoint(DateTimeOffset.UnixEpoch, v))]);
    }

    public RuleOutcome Judge(CheckConfig config, SensorReading reading, DateTimeOffset at, IReadOnlyList<HistoryPoint> history) =>
        Judge(AnomalySettings.From(config), reading, at, history);

    private static RuleOutcome Judge(AnomalySettings settings, SensorReading reading, DateTimeOffset at, IReadOnlyList<HistoryPoint> history)
    {
        if (reading.Value is not { } value)
        {
            return RuleOutcome.Fail(null, "The sensor measured nothing.");
        }

        var training = AnomalyTraining.Select(settings, at, history);
        if (training.Length < MinimumHistory)
        {
            return RuleOutcome.Pass(value);
        }

        var measured = (double)value;
        var of = settings.Seasonality.Describe();
        var (mean, stdDev) = AnomalyStatistics.MeanAndStdDev(training);
        var deviation = Math.Abs(measured - mean);
        var band = ExpectedBand.Unbounded;
        string? failure = null;
        if (settings.MaxStdDevs is { } maxStdDevs)
        {
            band = band.Within(ExpectedBand.Around(mean, maxStdDevs * stdDev));
            var sigmas = stdDev == 0 ? (deviation == 0 ? 0 : double.PositiveInfinity) : deviation / stdDev;
            if (sigmas > maxStdDevs)
            {
                failure ??= string.Create(CultureInfo.InvariantCulture, $"{Format(value)} is {Describe(sigmas)} standard deviations from the {of} mean {mean:0.##}; at most {maxStdDevs} allowed.");
            }
        }

        if (settings.MaxPercent is { } maxPercent)
        {
            band = band.Within(ExpectedBand.Around(mean, Math.Abs(mean) * maxPercent / 100));
            var percent = mean == 0 ? (deviation == 0 ? 0 : double.PositiveInfinity) : deviation / Math.Abs(mean) * 100;
            if (percent > maxPercent)
            {
                failure ??= string.Create(CultureInfo.InvariantCulture, $"{Format(value)} departs {Describe(percent)}% from the {of} mean {mean:0.##}; at most {maxPercent}% allowed.");
            }
        }

        if (settings.Sensitivity is { } sensitivity)
        {
            var (expected, center, learned) = AnomalyStatistics.SensitivityBand(training, sensitivity);
            band = band.Within(expected);
            if (!expected.Contains(measured))
            {
                failure ??= string.Create(CultureInfo.InvariantCulture,
                    $"{Format(value)} is outside the expected {expected.Lower:0.##}–{expected.Upper:0.##} (mean {center:0.##} of {learned} {of} values, sensitivity {sensitivity}).");
            }
        }

        // A row count is never negative: the band starts at 0 at the lowest, which no verdict depends on.
        var outcome = failure is null ? RuleOutcome.Pass(value) : RuleOutcome.Fail(value, failure);
        return outcome with { ExpectedLower = ExpectedBand.Stored(Math.Max(0, band.Lower)), ExpectedUpper = ExpectedBand.Stored(band.Upper) };
    }

    protected override void ValidateRules(CheckConfig config)
    {
        if (config.Number("maxStdDevs") is null && config.Number("maxPercent") is null && config.Number("sensitivity") is null)
        {
            // The field named is the one it always was, for clients matching on it.
            throw new ValidationException("'anomaly' needs 'sensitivity', 'maxStdDevs' or 'maxPercent'.", "config.maxStdDevs");
        }

        if (config.Number("sensitivity") is { } sensitivity && sensitivity is < 0.5 or > 10)
        {
            throw new ValidationException("'sensitivity' must be between 0.5 and 10.", "config.sensitivity");
        }

        if (config.Number("window") is { } window && window is < 3 or > 365)
        {
            throw new ValidationException("'window' must be between 3 and 365.", "config.window");
        }

        if (config.Number("trainingDays") is { } days && days is < 1 or > 365)
        {
            throw new ValidationException("'trainingDays' must be between 1 and 365.", "config.trainingDays");
        }

        _ = AnomalySettings.From(config); // seasonality and time zone by name
    }

    private static string Describe(double value) =>
        double.IsInfinity(value) ? "infinitely many" : value.ToString("0.##", CultureInfo.InvariantCulture);
}
