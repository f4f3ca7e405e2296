using Microsoft.EntityFrameworkCore.Storage;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace DqPlatform.Infrastructure.Resilience;

/// <summary>
/// EF Core's retries on PostgreSQL (<see cref="NpgsqlRetryingExecutionStrategy"/>) for both contexts: queries, and
/// SaveChanges with its own transaction, run again when the server was away, after the broken connections were
/// dropped from the pools (<see cref="PostgresPools"/>). The first retry follows at once (a broken pooled connection
/// after a restart needs nothing else), then after about 1 s and 2 s: a request waits at most a few seconds before it
/// answers SERVICE_UNAVAILABLE. Blocks with a transaction of their own run through
/// <see cref="DatabaseFacadeResilience.InTransactionAsync{T}"/>, which retries the whole block.
/// </summary>
public sealed class PlatformExecutionStrategy(ExecutionStrategyDependencies dependencies)
    : NpgsqlRetryingExecutionStrategy(dependencies, MaxRetries, MaxDelay, ExtraCodes)
{
    public const int MaxRetries = 3;
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);

    // The attempts together (connecting included, 5 s at most each: NpgsqlOptions.Tuned) may take this long from
    // the first failure before the caller hears SERVICE_UNAVAILABLE, so a partition does not hold a request (and an
    // execution-gate permit) for four full attempts.
    private static readonly TimeSpan MaxRetrying = TimeSpan.FromSeconds(10);
    private long _firstFailureTicks;

    // Npgsql counts these as fatal, yet they only say the server restarted or is starting: the statement never ran.
    private static readonly string[] ExtraCodes =
    [
        Npgsql.PostgresErrorCodes.AdminShutdown, Npgsql.PostgresErrorCodes.CrashShutdown, Npgsql.PostgresErrorCodes.CannotConnectNow,
    ];

    protected override bool ShouldRetryOn(Exception? exception)
    {
        // A statement the server cancelled for taking too long would take as long again (DependencyFailures.IsStatementTimeout).
        if (exception is null || DependencyFailures.IsStatementTimeout(exception))
        {
            return false;
        }

        var now = Environment.TickCount64;
        if (_firstFailureTicks == 0)
        {
            _firstFailureTicks = now;
        }
        else if (now - _firstFailureTicks > MaxRetrying.TotalMilliseconds)
        {
            PostgresPools.ClearAfter(exception);
            return false;
        }

        PostgresPools.ClearAfter(exception);
        return base.ShouldRetryOn(exception) || DependencyFailures.NeverReachedServer(exception);
    }
}
