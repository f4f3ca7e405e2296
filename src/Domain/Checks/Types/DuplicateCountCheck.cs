namespace DqPlatform.Domain.Checks.Types;

/// <summary><c>duplicate_count</c>: number of non-NULL values that repeat an earlier value (non-NULL count minus distinct count).</summary>
public sealed class DuplicateCountCheck() : BoundedCheckType("duplicate_count", CheckTargetType.Column, "Number of non-NULL values that repeat an earlier value (non-NULL count minus distinct count).")
{
    public override string Sensor(SensorBuilder s, CheckConfig config) => $"SELECT COUNT({s.Column}) - COUNT(DISTINCT {s.Column}) FROM {s.From}";
}
