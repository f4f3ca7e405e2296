namespace DqPlatform.Domain.Checks.Samples;

/// <summary>
/// The stored sample of one failing result (table <c>dq.check_result_samples</c>): keyed by the result's id, with its
/// <see cref="ExecutedAt"/> (the result's partition key) so the result is found in one partition. <see cref="Payload"/>
/// is the <see cref="FailedRowSample"/> as JSON, sealed with the connection-config key (AES-256-GCM with its key id).
/// </summary>
public class CheckResultSample
{
    public long ResultId { get; set; }
    public DateTimeOffset ExecutedAt { get; set; }
    public Guid CheckId { get; set; }
    public required byte[] Payload { get; set; }
    public int RowCount { get; set; }
    public bool Truncated { get; set; }

    public CheckDefinition? Check { get; set; }
}
