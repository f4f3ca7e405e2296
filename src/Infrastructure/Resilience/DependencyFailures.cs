using System.Net.Sockets;
using DqPlatform.Domain.Common;
using Npgsql;
using StackExchange.Redis;

namespace DqPlatform.Infrastructure.Resilience;

/// <summary>
/// Which failures mean that PostgreSQL or Redis is away (restarting, unreachable, out of connections) rather than
/// that the request or the code is wrong: the one place the API consults to answer <c>SERVICE_UNAVAILABLE</c> (503
/// with Retry-After) instead of <c>INTERNAL</c>, and the retries consult to decide what is worth another attempt.
/// </summary>
public static class DependencyFailures
{
    /// <summary>The error code a client sees for a dependency that is down; trying again later may succeed.</summary>
    public const string UnavailableCode = "SERVICE_UNAVAILABLE";

    public const string UnavailableMessage = "A service this request needs is unavailable right now; try again shortly.";

    /// <summary>Seconds a client is asked to wait before trying again (the Retry-After header).</summary>
    public const int RetryAfterSeconds = 2;

    /// <summary>
    /// Whether <paramref name="exception"/>, or one it wraps (EF Core's retry limit, DbUpdateException, Hangfire's
    /// client), says a dependency is away. A <see cref="DomainException"/> is an answer of its own, even when it wraps
    /// a driver's failure (a source database that is down is SOURCE_ERROR, not the platform being away).
    /// </summary>
    /// <remarks>A statement that ran out of time (<see cref="IsStatementTimeout"/>) is no outage, even when Npgsql calls it transient.</remarks>
    public static bool IsOutage(Exception exception) => !IsStatementTimeout(exception) && Causes(exception).Any(IsOutageItself);

    /// <summary>The error code a client sees for a statement that ran out of time (an expensive filter): not worth repeating as it is.</summary>
    public const string TimeoutCode = "TIMEOUT";

    public const string TimeoutMessage = "The request took too long and was cancelled; narrow it (filters, page size) and try again.";

    /// <summary>
    /// Whether the server cancelled the statement (57014 query_canceled: a statement_timeout, or the command timeout
    /// Npgsql enforces by asking the server to cancel): the connection is healthy and the database up, the statement
    /// is too slow. Repeating it would cost the same time again.
    /// </summary>
    public static bool IsStatementTimeout(Exception exception) =>
        Causes(exception).Any(e => e is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled });

    /// <summary>
    /// Whether the connection the failure happened on is gone (the server restarted or went away), so the pooled
    /// connections beside it are most likely gone too and the pools should be emptied.
    /// </summary>
    public static bool IsBrokenConnection(Exception exception) => Causes(exception).Any(e => e switch
    {
        PostgresException p => IsServerGoingAway(p.SqlState),
        NpgsqlException n => n.InnerException is IOException or SocketException,
        _ => false,
    });

    /// <summary>
    /// Whether the statement surely never ran: the server said it ended the session before reading it (an
    /// administrator's shutdown or restart), or no connection could be opened. Even a write may be sent again then.
    /// </summary>
    public static bool NeverReachedServer(Exception exception) => Causes(exception).Any(e => e switch
    {
        PostgresException p => IsServerGoingAway(p.SqlState) || p.SqlState is PostgresErrorCodes.TooManyConnections,
        NpgsqlException n => n.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused },
        _ => false,
    });

    private static bool IsOutageItself(Exception e) => e switch
    {
        PostgresException p => p.IsTransient || IsServerGoingAway(p.SqlState),
        NpgsqlException n => n.IsTransient,
        RedisConnectionException or RedisTimeoutException => true,
        SocketException or TimeoutException => true,
        _ => false,
    };

    // 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up or shutting down), and class 08
    // (connection exceptions).
    private static bool IsServerGoingAway(string sqlState) =>
        sqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
        || sqlState.StartsWith("08", StringComparison.Ordinal);

    private static IEnumerable<Exception> Causes(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        for (var seen = 0; pending.Count > 0 && seen < 32; seen++)
        {
            var e = pending.Pop();
            if (e is DomainException)
            {
                continue;
            }

            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (e.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }
}
