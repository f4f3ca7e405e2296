using ExecutionContext = GraphQL.Execution.ExecutionContext;

namespace DqPlatform.GraphQL.Execution;

/// <summary>
/// Which partition (a tenant) a query executes for, as the host decides it: the <see cref="ExecutionGate"/> shares its
/// turns fairly between partitions. Without one registered, every query is in one partition.
/// </summary>
public interface IExecutionPartition
{
    /// <summary>
    /// The partition's key; null when the query belongs to none (such queries take turns as one partition, without the
    /// per-partition limits, as they all do without an <see cref="IExecutionPartition"/>).
    /// </summary>
    string? PartitionOf(ExecutionContext context);
}
