namespace DqPlatform.Domain.Checks.Types;

/// <summary><c>min_value</c>: smallest value of a numeric column.</summary>
public sealed class MinValueCheck() : BoundedCheckType("min_value", CheckTargetType.Column, "Smallest value of a numeric column.")
{
    public override string Sensor(SensorBuilder s, CheckConfig config) => $"SELECT MIN({s.Column}) FROM {s.From}";
}
