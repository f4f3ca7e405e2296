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

    // Npgsql counts these as fatal, yet they only say the server restarted or is starting: the statement never ran.
    private static readonly string[] ExtraCodes =
    [
        Npgsql.PostgresErrorCodes.AdminShutdown, Npgsql.PostgresErrorCodes.CrashShutdown, Npgsql.PostgresErrorCodes.CannotConnectNow,
    ];

    protected override bool ShouldRetryOn(Exception? exception)
    {
        if (exception is null)
        {
            return false;
        }

        PostgresPools.ClearAfter(exception);
        return base.ShouldRetryOn(exception) || DependencyFailures.NeverReachedServer(exception);
    }
}
