using DqPlatform.Domain.Checks.Samples;

namespace DqPlatform.Domain.Checks.Types;

/// <summary><c>null_percent</c>: percentage of NULLs in the column (0–100).</summary>
public sealed class NullPercentCheck() : BoundedCheckType("null_percent", CheckTargetType.Column, "Percentage of NULLs in the column (0–100).", percent: true)
{
    public override string Sensor(SensorBuilder s, CheckConfig config) => $"SELECT COALESCE(100.0 * (COUNT(*) - COUNT({s.Column})) / NULLIF(COUNT(*), 0), 0) FROM {s.From}";

    public override FailedRows FailedRows(SensorBuilder s, CheckConfig config) => Samples.FailedRows.Where($"{s.Column} IS NULL");
}
