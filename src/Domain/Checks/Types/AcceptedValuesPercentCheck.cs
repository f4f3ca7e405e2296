using DqPlatform.Domain.Checks.Samples;
using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Checks.Types;

/// <summary><c>accepted_values_percent</c>: the share of values within a list, compared as text.</summary>
public sealed class AcceptedValuesPercentCheck() : BoundedCheckType("accepted_values_percent", CheckTargetType.Column,
    "Percentage of non-NULL values within an accepted list.", percent: true,
    extra: new ConfigField("values", ConfigFieldKind.StringList, true, "The accepted values."), samplesRows: true)
{
    public const int MaxValues = 1000;

    public override string Sensor(SensorBuilder s, CheckConfig config) =>
        s.PercentOfValues(s.Dialect.InList(s.Dialect.AsText(s.Column), config.Texts("values"), s.Bind));

    public override FailedRows FailedRows(SensorBuilder s, CheckConfig config) =>
        Samples.FailedRows.Where($"{s.Column} IS NOT NULL AND NOT ({s.Dialect.InList(s.Dialect.AsText(s.Column), config.Texts("values"), s.Bind)})");

    protected override void ValidateRules(CheckConfig config)
    {
        base.ValidateRules(config);
        var values = config.Texts("values");
        if (values.Length > MaxValues || values.Any(v => v.Length > 1000))
        {
            throw new ValidationException($"'values' takes at most {MaxValues} values of at most 1000 characters.", "config.values");
        }
    }
}
