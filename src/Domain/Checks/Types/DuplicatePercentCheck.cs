using DqPlatform.Domain.Checks.Samples;

namespace DqPlatform.Domain.Checks.Types;

/// <summary><c>duplicate_percent</c>: share of non-NULL values that repeat an earlier value (0–100).</summary>
public sealed class DuplicatePercentCheck() : BoundedCheckType("duplicate_percent", CheckTargetType.Column, "Share of non-NULL values that repeat an earlier value (0–100).", percent: true, samplesRows: true)
{
    public override string Sensor(SensorBuilder s, CheckConfig config) => $"SELECT COALESCE(100.0 * (COUNT({s.Column}) - COUNT(DISTINCT {s.Column})) / NULLIF(COUNT({s.Column}), 0), 0) FROM {s.From}";

    /// <summary>Every row holding a repeated value (the first occurrence too: which one came first is not known).</summary>
    public override FailedRows FailedRows(SensorBuilder s, CheckConfig config) =>
        Samples.FailedRows.Where($"{s.Column} IN (SELECT {s.Column} FROM {s.From} WHERE {s.Column} IS NOT NULL GROUP BY {s.Column} HAVING COUNT(*) > 1)");
}
