namespace DqPlatform.Domain.Checks.Types;

/// <summary><c>mean_value</c>: mean of a numeric column.</summary>
public sealed class MeanValueCheck() : BoundedCheckType("mean_value", CheckTargetType.Column, "Mean of a numeric column.")
{
    public override string Sensor(SensorBuilder s, CheckConfig config) => $"SELECT {s.Dialect.Mean(s.Column)} FROM {s.From}";
}
