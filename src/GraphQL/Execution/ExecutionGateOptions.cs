namespace DqPlatform.GraphQL.Execution;

/// <summary>
/// The <see cref="ExecutionGate"/>'s settings, bound by the host: queries executing at once (default four per processor; 0 turns
/// the gate off) and how many may wait for a turn; per partition (a tenant, as the host's <see cref="IExecutionPartition"/>
/// names it), how many of those it may hold and how many of its queries may wait.
/// </summary>
public sealed class ExecutionGateOptions
{
    public int? MaxConcurrent { get; set; }

    public int QueueLimit { get; set; } = 1000;

    /// <summary>
    /// Queries of one partition executing at once; default half of <see cref="MaxConcurrent"/> (at least one), so that a
    /// partition flooding the node leaves turns free for the others and a newcomer does not wait for a running query to end.
    /// </summary>
    public int? MaxConcurrentPerPartition { get; set; }

    /// <summary>Queries of one partition waiting at once; default a quarter of <see cref="QueueLimit"/>, so one partition cannot fill the line.</summary>
    public int? PartitionQueueLimit { get; set; }
}
