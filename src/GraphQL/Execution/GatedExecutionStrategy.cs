using GraphQL;
using ExecutionContext = GraphQL.Execution.ExecutionContext;

namespace DqPlatform.GraphQL.Execution;

/// <summary>
/// The strategy queries execute with: admitted through the <see cref="ExecutionGate"/> (admission control, fair between the partitions the host's
/// <see cref="IExecutionPartition"/> names), then run
/// with collected fields and rendered rows (<see cref="RowRenderingExecutionStrategy"/>).
/// </summary>
public sealed class GatedExecutionStrategy(ExecutionGate gate, IExecutionPartition? partitions = null) : RowRenderingExecutionStrategy
{
    /// <summary>The current activity's tag (the GraphQL operation's span, else the request's) with the milliseconds a query waited at the <see cref="ExecutionGate"/>.</summary>
    public const string QueuedTag = "dqp.graphql.queued_ms";

    /// <summary>Queries execute in turn through the <see cref="ExecutionGate"/>; a full line is <c>SERVER_BUSY</c>.</summary>
    public override async Task<ExecutionResult> ExecuteAsync(ExecutionContext context)
    {
        var arrived = System.Diagnostics.Stopwatch.GetTimestamp();
        using var turn = await gate.EnterAsync(partitions?.PartitionOf(context), context.CancellationToken);
        if (turn is { IsAcquired: false })
        {
            throw new ExecutionError("The server is at capacity; retry shortly.") { Code = ExecutionGate.BusyCode };
        }

        // So that a slow request's trace tells waiting in line from executing.
        System.Diagnostics.Activity.Current?.SetTag(QueuedTag, System.Diagnostics.Stopwatch.GetElapsedTime(arrived).TotalMilliseconds);

        return await base.ExecuteAsync(context);
    }
}
