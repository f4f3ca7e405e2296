using DqPlatform.Domain.Checks.Samples;

namespace DqPlatform.Domain.Checks.Types;

/// <summary><c>duplicate_count</c>: number of non-NULL values that repeat an earlier value (non-NULL count minus distinct count).</summary>
public sealed class DuplicateCountCheck() : BoundedCheckType("duplicate_count", CheckTargetType.Column, "Number of non-NULL values that repeat an earlier value (non-NULL count minus distinct count).", samplesRows: true)
{
    public override string Sensor(SensorBuilder s, CheckConfig config) => $"SELECT COUNT({s.Column}) - COUNT(DISTINCT {s.Column}) FROM {s.From}";

    /// <summary>Every row holding a repeated value (the first occurrence too: which one came first is not known).</summary>
    public override FailedRows FailedRows(SensorBuilder s, CheckConfig config) =>
        Samples.FailedRows.Where($"{s.Column} IN (SELECT {s.Column} FROM {s.From} WHERE {s.Column} IS NOT NULL GROUP BY {s.Column} HAVING COUNT(*) > 1)");
}
