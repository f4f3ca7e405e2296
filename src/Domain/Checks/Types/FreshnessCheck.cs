using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Checks.Types;

/// <summary><c>freshness</c>: the age in seconds of the newest timestamp, against <c>maxAgeSeconds</c>.</summary>
public sealed class FreshnessCheck() : CheckType("freshness", CheckTargetType.Column, "Age in seconds of the newest timestamp in the column.",
    [new ConfigField("maxAgeSeconds", ConfigFieldKind.Number, true, "Fail when the newest row is older than this.")])
{
    public override string Sensor(SensorBuilder s, CheckConfig config) => $"SELECT {s.Dialect.AgeInSeconds($"MAX({s.Column})")} FROM {s.From}";

    public override RuleOutcome Judge(CheckConfig config, SensorReading reading, IReadOnlyList<decimal> history)
    {
        var maxAge = (decimal)config.Number("maxAgeSeconds")!.Value;
        return reading.Value switch
        {
            null => RuleOutcome.Fail(null, "The column holds no timestamps."),
            { } age when age > maxAge => RuleOutcome.Fail(age, $"The newest row is {Format(age)} s old; at most {Format(maxAge)} s allowed."),
            var age => RuleOutcome.Pass(age),
        };
    }

    protected override void ValidateRules(CheckConfig config)
    {
        if (config.Number("maxAgeSeconds") is <= 0)
        {
            throw new ValidationException("'maxAgeSeconds' must be positive.", "config.maxAgeSeconds");
        }
    }
}
