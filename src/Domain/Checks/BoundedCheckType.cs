using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Checks;

/// <summary>A check whose rule is "the measured value lies within [min, max]"; at least one bound is required.</summary>
/// <remarks>With <c>samplesRows</c> the type also takes the failed-row <c>samples</c> field and writes <see cref="CheckType.FailedRows"/>.</remarks>
public abstract class BoundedCheckType(string name, CheckTargetType target, string description, bool percent = false, ConfigField? extra = null, bool samplesRows = false)
    : CheckType(name, target, description, [.. extra is null ? [Min, Max] : new[] { extra, Min, Max }, .. samplesRows ? new[] { Samples.SampleSettings.Field } : []])
{
    private static readonly ConfigField Min = new("min", ConfigFieldKind.Number, false, "Fail when the measured value is below this.");
    private static readonly ConfigField Max = new("max", ConfigFieldKind.Number, false, "Fail when the measured value is above this.");

    /// <summary>Measures a share between 0 and 100, so its bounds must be too.</summary>
    public bool IsPercent => percent;

    public override RuleOutcome Judge(CheckConfig config, SensorReading reading, IReadOnlyList<decimal> history) =>
        Within(config, reading.Value);

    /// <summary>"The value lies outside [min, max]", the bounds bound as parameters; the rows a range check's samples show.</summary>
    protected static string Outside(SensorBuilder s, CheckConfig config, string value)
    {
        var parts = new List<string>();
        if (config.Number("min") is { } min)
        {
            parts.Add($"{value} < {s.Bind((decimal)min)}");
        }

        if (config.Number("max") is { } max)
        {
            parts.Add($"{value} > {s.Bind((decimal)max)}");
        }

        return parts.Count == 0 ? "1 = 0" : string.Join(" OR ", parts);
    }

    protected static RuleOutcome Within(CheckConfig config, decimal? value)
    {
        var min = config.Number("min");
        var max = config.Number("max");
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

    protected override void ValidateRules(CheckConfig config)
    {
        var min = config.Number("min");
        var max = config.Number("max");
        if (min is null && max is null)
        {
            throw new ValidationException($"'{Name}' needs 'min', 'max' or both in its config.", "config.min");
        }

        if (min > max)
        {
            throw new ValidationException("'min' must not be greater than 'max'.", "config.min");
        }

        if (IsPercent && (min is < 0 or > 100 || max is < 0 or > 100))
        {
            throw new ValidationException("Percentages are between 0 and 100.", min is < 0 or > 100 ? "config.min" : "config.max");
        }
    }
}
