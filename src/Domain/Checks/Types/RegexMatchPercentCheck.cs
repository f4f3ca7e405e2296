using DqPlatform.Domain.Checks.Samples;
using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Checks.Types;

/// <summary><c>regex_match_percent</c>: the share of values matching a pattern (not every database has regexes).</summary>
public sealed class RegexMatchPercentCheck() : BoundedCheckType("regex_match_percent", CheckTargetType.Column,
    "Percentage of non-NULL values matching a regular expression.", percent: true,
    extra: new ConfigField("pattern", ConfigFieldKind.Regex, true, "The regular expression values must match."), samplesRows: true)
{
    public override string Sensor(SensorBuilder s, CheckConfig config) =>
        s.PercentOfValues(s.Dialect.RegexMatch(s.Column, s.Bind(config.Text("pattern")))
            ?? throw new ValidationException($"'regex_match_percent' is not available on {s.Dialect.Name}.", "checkType"));

    public override FailedRows FailedRows(SensorBuilder s, CheckConfig config) =>
        Samples.FailedRows.Where($"{s.Column} IS NOT NULL AND NOT ({s.Dialect.RegexMatch(s.Column, s.Bind(config.Text("pattern")))
            ?? throw new ValidationException($"'regex_match_percent' is not available on {s.Dialect.Name}.", "checkType")})");
}
