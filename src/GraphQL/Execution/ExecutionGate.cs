using System.Threading.RateLimiting;

namespace DqPlatform.GraphQL.Execution;

/// <summary>
/// How many queries execute at once on this node, and whose turn is next: a partition (a tenant, see
/// <see cref="IExecutionPartition"/>) holds at most its share of the turns, and a freed turn goes to the waiting partition
/// with the fewest queries running (the one that waited longest among equals), its oldest query first.
/// </summary>
/// <remarks>
/// Under load, queries that all run at once share the cores and the database's backends and each takes as long as
/// the slowest; taken a few at a time, each waits in line and then runs with less company, so latency varies less.
/// One line, oldest first, made a quiet tenant's one query wait behind a flooding tenant's whole backlog; with a cap per
/// partition below the node's turns, a flood leaves turns free and a quiet tenant's query starts at once. A full line, or
/// a partition's full share of it, answers at once (<c>SERVER_BUSY</c>, HTTP 503) instead of queueing without bound.
/// Mutations are not gated: an interactive query run or a connection test waits on a source database for seconds, and
/// must not hold up the dashboards; subscriptions have their own strategy.
/// </remarks>
public sealed class ExecutionGate : IDisposable
{
    /// <summary>The error code of a query refused because the line is full.</summary>
    public const string BusyCode = "SERVER_BUSY";

    private readonly FairTurns? turns;

    public ExecutionGate(ExecutionGateOptions options)
    {
        var permits = options.MaxConcurrent ?? 4 * Environment.ProcessorCount;
        if (permits > 0)
        {
            turns = new FairTurns(
                permits,
                options.QueueLimit,
                Math.Clamp(options.MaxConcurrentPerPartition ?? Math.Min(Environment.ProcessorCount, permits / 2), 1, permits),
                Math.Min(options.PartitionQueueLimit ?? Math.Max(1, options.QueueLimit / 4), options.QueueLimit),
                // An explicit per-partition cap is the cap, shared or not.
                options.MaxConcurrentPerPartitionWhenShared ?? (options.MaxConcurrentPerPartition is null ? Math.Max(1, Environment.ProcessorCount / 2) : int.MaxValue),
                options.SharedWindow);
        }
    }

    /// <summary>A lease to hold while the query executes, outside any partition.</summary>
    public ValueTask<RateLimitLease?> EnterAsync(CancellationToken cancellationToken) => EnterAsync(null, cancellationToken);

    /// <summary>
    /// A lease to hold while a query of <paramref name="partition"/> executes: not acquired when the line (or the
    /// partition's share of it) is full; null when the gate is off.
    /// </summary>
    public async ValueTask<RateLimitLease?> EnterAsync(string? partition, CancellationToken cancellationToken)
    {
        if (turns is null)
        {
            return null;
        }

        // A free turn is taken at once; only a query that has to wait in line is counted as queued.
        var (lease, waiter) = turns.Enter(partition);
        if (waiter is null)
        {
            return lease;
        }

        Telemetry.GraphQLInstruments.AddQueued(1);
        try
        {
            return await turns.WaitAsync(waiter, cancellationToken);
        }
        finally
        {
            Telemetry.GraphQLInstruments.AddQueued(-1);
        }
    }

    /// <summary>Turns free and queries waiting now; null when the gate is off.</summary>
    public RateLimiterStatistics? Statistics => turns?.Statistics();

    public void Dispose() => turns?.Dispose();
}
