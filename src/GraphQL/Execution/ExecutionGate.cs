using System.Threading.RateLimiting;

namespace DqPlatform.GraphQL.Execution;

/// <summary>
/// How many queries execute at once on this node; the rest wait their turn, oldest first.
/// </summary>
/// <remarks>
/// Under load, queries that all run at once share the cores and the database's backends and each takes as long as
/// the slowest; taken a few at a time, each waits in line and then runs with less company, so latency varies less.
/// A full line answers at once (<c>SERVER_BUSY</c>, HTTP 503) instead of queueing without bound. Mutations are not
/// gated: an interactive query run or a connection test waits on a source database for seconds, and must not hold
/// up the dashboards; subscriptions have their own strategy.
/// </remarks>
public sealed class ExecutionGate : IDisposable
{
    /// <summary>The error code of a query refused because the line is full.</summary>
    public const string BusyCode = "SERVER_BUSY";

    private readonly ConcurrencyLimiter? limiter;

    public ExecutionGate(ExecutionGateOptions options)
    {
        var permits = options.MaxConcurrent ?? 4 * Environment.ProcessorCount;
        if (permits > 0)
        {
            limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
            {
                PermitLimit = permits,
                QueueLimit = options.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
        }
    }

    /// <summary>A lease to hold while the query executes: not acquired when the line is full; null when the gate is off.</summary>
    public async ValueTask<RateLimitLease?> EnterAsync(CancellationToken cancellationToken)
    {
        if (limiter is null)
        {
            return null;
        }

        // A free permit is taken at once; only a query that has to wait in line is counted as queued.
        var lease = limiter.AttemptAcquire(1);
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        Telemetry.GraphQLInstruments.AddQueued(1);
        try
        {
            return await limiter.AcquireAsync(1, cancellationToken);
        }
        finally
        {
            Telemetry.GraphQLInstruments.AddQueued(-1);
        }
    }

    /// <summary>Permits free and queries waiting now; null when the gate is off.</summary>
    public RateLimiterStatistics? Statistics => limiter?.GetStatistics();

    public void Dispose() => limiter?.Dispose();
}
