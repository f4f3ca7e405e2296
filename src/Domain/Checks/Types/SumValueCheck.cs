namespace DqPlatform.Domain.Checks.Types;

/// <summary><c>sum_value</c>: sum of a numeric column.</summary>
public sealed class SumValueCheck() : BoundedCheckType("sum_value", CheckTargetType.Column, "Sum of a numeric column.")
{
    public override string Sensor(SensorBuilder s, CheckConfig config) => $"SELECT {s.Dialect.Sum(s.Column)} FROM {s.From}";
}
