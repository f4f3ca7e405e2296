namespace DqPlatform.Domain.Checks.Types;

/// <summary><c>distinct_count</c>: number of distinct non-NULL values.</summary>
public sealed class DistinctCountCheck() : BoundedCheckType("distinct_count", CheckTargetType.Column, "Number of distinct non-NULL values.")
{
    public override string Sensor(SensorBuilder s, CheckConfig config) => $"SELECT COUNT(DISTINCT {s.Column}) FROM {s.From}";
}
