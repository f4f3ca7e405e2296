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
    /// Queries of one partition executing at once; default one per processor (at most half of <see cref="MaxConcurrent"/>,
    /// at least one), so that a partition flooding the node leaves turns free for the others and its running queries
    /// leave the others a fair share of the cores: with half the turns a flood took 5.5× a quiet tenant's p50, with one
    /// per processor 2.1×, for 9% of the flood's own throughput (bench fairness, 2 cores).
    /// </summary>
    public int? MaxConcurrentPerPartition { get; set; }

    /// <summary>
    /// The cap of a partition while others are active too (another partition entered within the last second): default
    /// half a turn per processor (at least one), or <see cref="MaxConcurrentPerPartition"/> when that is set. A tenant
    /// alone keeps its whole share; beside others its running queries leave them most of the cores (bench fairness).
    /// </summary>
    public int? MaxConcurrentPerPartitionWhenShared { get; set; }

    /// <summary>How long after another partition entered the shared cap applies; default one second.</summary>
    public TimeSpan? SharedWindow { get; set; }

    /// <summary>Queries of one partition waiting at once; default a quarter of <see cref="QueueLimit"/>, so one partition cannot fill the line.</summary>
    public int? PartitionQueueLimit { get; set; }
}
