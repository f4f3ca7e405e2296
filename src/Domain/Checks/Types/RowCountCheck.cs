namespace DqPlatform.Domain.Checks.Types;

/// <summary><c>row_count</c>: number of rows in the table.</summary>
public sealed class RowCountCheck() : BoundedCheckType("row_count", CheckTargetType.Table, "Number of rows in the table.")
{
    public override string Sensor(SensorBuilder s, CheckConfig config) => $"SELECT COUNT(*) FROM {s.From}";
}
