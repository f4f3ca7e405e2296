namespace DqPlatform.Domain.Checks.Types;

/// <summary><c>max_value</c>: largest value of a numeric column.</summary>
public sealed class MaxValueCheck() : BoundedCheckType("max_value", CheckTargetType.Column, "Largest value of a numeric column.")
{
    public override string Sensor(SensorBuilder s, CheckConfig config) => $"SELECT MAX({s.Column}) FROM {s.From}";
}
