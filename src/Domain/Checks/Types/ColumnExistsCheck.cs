namespace DqPlatform.Domain.Checks.Types;

/// <summary><c>column_exists</c>: fails when the column is missing, so a missing column is its reading, not an error.</summary>
public sealed class ColumnExistsCheck() : CheckType("column_exists", CheckTargetType.Column, "Fails when the column is missing from the table.", [])
{
    public override bool MeasuresAbsence => true;

    public override string Sensor(SensorBuilder s, CheckConfig config) =>
        $"SELECT COUNT(*) FROM information_schema.columns WHERE {s.ColumnsWhere(withColumn: true)}";

    public override RuleOutcome Judge(CheckConfig config, SensorReading reading, IReadOnlyList<decimal> history) =>
        reading.Value is 1 ? RuleOutcome.Pass(reading.Value) : RuleOutcome.Fail(reading.Value ?? 0, "The column does not exist.");
}
