using DqPlatform.Domain.Checks.Samples;

namespace DqPlatform.Domain.Checks.Types;

/// <summary><c>max_value</c>: largest value of a numeric column.</summary>
public sealed class MaxValueCheck() : BoundedCheckType("max_value", CheckTargetType.Column, "Largest value of a numeric column.", samplesRows: true)
{
    public override string Sensor(SensorBuilder s, CheckConfig config) => $"SELECT MAX({s.Column}) FROM {s.From}";

    public override FailedRows FailedRows(SensorBuilder s, CheckConfig config) => Samples.FailedRows.Where(Outside(s, config, s.Column));
}
