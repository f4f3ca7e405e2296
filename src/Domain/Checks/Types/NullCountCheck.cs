using DqPlatform.Domain.Checks.Samples;

namespace DqPlatform.Domain.Checks.Types;

/// <summary><c>null_count</c>: number of NULLs in the column.</summary>
public sealed class NullCountCheck() : BoundedCheckType("null_count", CheckTargetType.Column, "Number of NULLs in the column.", samplesRows: true)
{
    public override string Sensor(SensorBuilder s, CheckConfig config) => $"SELECT COUNT(*) - COUNT({s.Column}) FROM {s.From}";

    public override FailedRows FailedRows(SensorBuilder s, CheckConfig config) => Samples.FailedRows.Where($"{s.Column} IS NULL");
}
