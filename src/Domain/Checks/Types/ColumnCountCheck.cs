namespace DqPlatform.Domain.Checks.Types;

/// <summary><c>column_count</c>: schema drift as a number; a table that is gone has no columns.</summary>
public sealed class ColumnCountCheck() : BoundedCheckType("column_count", CheckTargetType.Table, "Number of columns of the table (drift detection).")
{
    public override bool MeasuresAbsence => true;

    public override string Sensor(SensorBuilder s, CheckConfig config) =>
        $"SELECT COUNT(*) FROM information_schema.columns WHERE {s.ColumnsWhere(withColumn: false)}";
}
