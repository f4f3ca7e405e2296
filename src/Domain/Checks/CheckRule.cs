using System.Globalization;
using System.Text.Json;

namespace DqPlatform.Domain.Checks;

/// <summary>
/// Turns a sensor reading into a verdict. Bounded types pass when the value lies within [min, max]; freshness compares
/// an age with <c>maxAgeSeconds</c>; anomaly compares the value with the check's own recent history.
/// </summary>
public static class CheckRule
{
    /// <summary>An anomaly check needs this many earlier values before it can call anything unusual.</summary>
    public const int MinimumHistory = 3;

    public const int DefaultAnomalyWindow = 14;

    /// <summary>How many earlier values <paramref name="configJson"/> asks for (0 unless the type is anomaly).</summary>
    public static int HistoryNeeded(string checkType, string configJson) =>
        checkType == "anomaly" ? (int)(Number(configJson, "window") ?? DefaultAnomalyWindow) : 0;

    /// <param name="history">Earlier values of the same check, newest first (only read by anomaly checks).</param>
    public static RuleOutcome Evaluate(string checkType, string configJson, SensorReading reading, IReadOnlyList<decimal>? history = null)
    {
        var value = reading.Value;
        switch (checkType)
        {
            case "column_exists":
                return value is 1 ? RuleOutcome.Pass(value) : RuleOutcome.Fail(value ?? 0, "The column does not exist.");
            case "freshness":
                var maxAge = (decimal)Number(configJson, "maxAgeSeconds")!.Value;
                return value switch
                {
                    null => RuleOutcome.Fail(null, "The column holds no timestamps."),
                    _ when value > maxAge => RuleOutcome.Fail(value, $"The newest row is {Format(value)} s old; at most {Format(maxAge)} s allowed."),
                    _ => RuleOutcome.Pass(value),
                };
            case "anomaly":
                return Anomaly(configJson, value, history ?? []);
            case "text_length":
                return TextLength(configJson, reading);
            default:
                return Bounded(configJson, value);
        }
    }

    private static RuleOutcome Bounded(string configJson, decimal? value)
    {
        var min = Number(configJson, "min");
        var max = Number(configJson, "max");
        if (value is null)
        {
            return RuleOutcome.Fail(null, "The sensor measured nothing (no rows).");
        }

        if (min is { } low && value < (decimal)low)
        {
            return RuleOutcome.Fail(value, $"{Format(value)} is below the minimum {Format((decimal)low)}.");
        }

        if (max is { } high && value > (decimal)high)
        {
            return RuleOutcome.Fail(value, $"{Format(value)} is above the maximum {Format((decimal)high)}.");
        }

        return RuleOutcome.Pass(value);
    }

    // The stored value is the longest text, unless the shortest is what breaks the rule.
    private static RuleOutcome TextLength(string configJson, SensorReading reading)
    {
        var min = Number(configJson, "min");
        if (min is { } low && reading.Lower is { } shortest && shortest < (decimal)low)
        {
            return RuleOutcome.Fail(shortest, $"The shortest text has {Format(shortest)} characters; at least {Format((decimal)low)} required.");
        }

        return reading.Value is null ? RuleOutcome.Pass(null) : Bounded(configJson, reading.Value);
    }

    private static RuleOutcome Anomaly(string configJson, decimal? value, IReadOnlyList<decimal> history)
    {
        if (value is null)
        {
            return RuleOutcome.Fail(null, "The sensor measured nothing.");
        }

        var window = HistoryNeeded("anomaly", configJson);
        var recent = history.Take(window).Select(v => (double)v).ToArray();
        if (recent.Length < MinimumHistory)
        {
            return RuleOutcome.Pass(value);
        }

        var mean = recent.Average();
        var deviation = Math.Abs((double)value.Value - mean);
        if (Number(configJson, "maxStdDevs") is { } maxStdDevs)
        {
            var stdDev = Math.Sqrt(recent.Sum(v => (v - mean) * (v - mean)) / (recent.Length - 1));
            var sigmas = stdDev == 0 ? (deviation == 0 ? 0 : double.PositiveInfinity) : deviation / stdDev;
            if (sigmas > maxStdDevs)
            {
                return RuleOutcome.Fail(value, string.Create(CultureInfo.InvariantCulture, $"{Format(value)} is {Describe(sigmas)} standard deviations from the recent mean {mean:0.##}; at most {maxStdDevs} allowed."));
            }
        }

        if (Number(configJson, "maxPercent") is { } maxPercent)
        {
            var percent = mean == 0 ? (deviation == 0 ? 0 : double.PositiveInfinity) : deviation / Math.Abs(mean) * 100;
            if (percent > maxPercent)
            {
                return RuleOutcome.Fail(value, string.Create(CultureInfo.InvariantCulture, $"{Format(value)} departs {Describe(percent)}% from the recent mean {mean:0.##}; at most {maxPercent}% allowed."));
            }
        }

        return RuleOutcome.Pass(value);
    }

    private static double? Number(string configJson, string name)
    {
        using var document = JsonDocument.Parse(configJson);
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            ? v.GetDouble()
            : null;
    }

    private static string Format(decimal? value) => value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "nothing";

    private static string Describe(double value) =>
        double.IsInfinity(value) ? "infinitely many" : value.ToString("0.##", CultureInfo.InvariantCulture);
}
