using System.Globalization;
using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Checks.Types;

/// <summary>
/// <c>anomaly</c>: the row count compared with the check's own recent history, by standard deviations, by percent, or
/// both. Too little history calls nothing unusual.
/// </summary>
public sealed class AnomalyCheck() : CheckType("anomaly", CheckTargetType.Table, "Row count departing from its own recent history.",
[
    new ConfigField("window", ConfigFieldKind.Integer, false, "How many previous results form the history (default 14, 3–365)."),
    new ConfigField("maxStdDevs", ConfigFieldKind.Number, false, "Fail beyond this many standard deviations from the mean."),
    new ConfigField("maxPercent", ConfigFieldKind.Number, false, "Fail beyond this percentage change from the mean."),
])
{
    /// <summary>This many earlier values are needed before anything can be called unusual.</summary>
    public const int MinimumHistory = 3;

    public const int DefaultWindow = 14;

    public override string Sensor(SensorBuilder s, CheckConfig config) => $"SELECT COUNT(*) FROM {s.From}";

    public override int HistoryNeeded(CheckConfig config) => (int)(config.Number("window") ?? DefaultWindow);

    public override RuleOutcome Judge(CheckConfig config, SensorReading reading, IReadOnlyList<decimal> history)
    {
        if (reading.Value is not { } value)
        {
            return RuleOutcome.Fail(null, "The sensor measured nothing.");
        }

        var recent = history.Take(HistoryNeeded(config)).Select(v => (double)v).ToArray();
        if (recent.Length < MinimumHistory)
        {
            return RuleOutcome.Pass(value);
        }

        var mean = recent.Average();
        var deviation = Math.Abs((double)value - mean);
        if (config.Number("maxStdDevs") is { } maxStdDevs)
        {
            var stdDev = Math.Sqrt(recent.Sum(v => (v - mean) * (v - mean)) / (recent.Length - 1));
            var sigmas = stdDev == 0 ? (deviation == 0 ? 0 : double.PositiveInfinity) : deviation / stdDev;
            if (sigmas > maxStdDevs)
            {
                return RuleOutcome.Fail(value, string.Create(CultureInfo.InvariantCulture, $"{Format(value)} is {Describe(sigmas)} standard deviations from the recent mean {mean:0.##}; at most {maxStdDevs} allowed."));
            }
        }

        if (config.Number("maxPercent") is { } maxPercent)
        {
            var percent = mean == 0 ? (deviation == 0 ? 0 : double.PositiveInfinity) : deviation / Math.Abs(mean) * 100;
            if (percent > maxPercent)
            {
                return RuleOutcome.Fail(value, string.Create(CultureInfo.InvariantCulture, $"{Format(value)} departs {Describe(percent)}% from the recent mean {mean:0.##}; at most {maxPercent}% allowed."));
            }
        }

        return RuleOutcome.Pass(value);
    }

    protected override void ValidateRules(CheckConfig config)
    {
        if (config.Number("maxStdDevs") is null && config.Number("maxPercent") is null)
        {
            throw new ValidationException("'anomaly' needs 'maxStdDevs', 'maxPercent' or both.", "config.maxStdDevs");
        }

        if (config.Number("window") is { } window && window is < 3 or > 365)
        {
            throw new ValidationException("'window' must be between 3 and 365.", "config.window");
        }
    }

    private static string Describe(double value) =>
        double.IsInfinity(value) ? "infinitely many" : value.ToString("0.##", CultureInfo.InvariantCulture);
}
