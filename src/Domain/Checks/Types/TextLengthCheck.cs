using DqPlatform.Domain.Checks.Samples;

namespace DqPlatform.Domain.Checks.Types;

/// <summary><c>text_length</c>: the longest text is the reading, unless the shortest is what breaks the rule.</summary>
public sealed class TextLengthCheck() : BoundedCheckType("text_length", CheckTargetType.Column, "Longest text length in the column; min applies to the shortest.", samplesRows: true)
{
    public override string Sensor(SensorBuilder s, CheckConfig config) =>
        $"SELECT MAX({s.Dialect.Length(s.Column)}), MIN({s.Dialect.Length(s.Column)}) FROM {s.From}";

    public override RuleOutcome Judge(CheckConfig config, SensorReading reading, IReadOnlyList<decimal> history)
    {
        var min = config.Number("min");
        if (min is { } low && reading.Lower is { } shortest && shortest < (decimal)low)
        {
            return RuleOutcome.Fail(shortest, $"The shortest text has {Format(shortest)} characters; at least {Format((decimal)low)} required.");
        }

        return reading.Value is null ? RuleOutcome.Pass(null) : Within(config, reading.Value);
    }

    public override FailedRows FailedRows(SensorBuilder s, CheckConfig config) => Samples.FailedRows.Where(Outside(s, config, s.Dialect.Length(s.Column)));
}
