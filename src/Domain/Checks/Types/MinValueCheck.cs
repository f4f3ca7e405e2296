using DqPlatform.Domain.Checks.Samples;

namespace DqPlatform.Domain.Checks.Types;

/// <summary><c>min_value</c>: smallest value of a numeric column.</summary>
public sealed class MinValueCheck() : BoundedCheckType("min_value", CheckTargetType.Column, "Smallest value of a numeric column.", samplesRows: true)
{
    public override string Sensor(SensorBuilder s, CheckConfig config) => $"SELECT MIN({s.Column}) FROM {s.From}";

    public override FailedRows FailedRows(SensorBuilder s, CheckConfig config) => Samples.FailedRows.Where(Outside(s, config, s.Column));
}
