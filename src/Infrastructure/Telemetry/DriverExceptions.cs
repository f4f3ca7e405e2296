using System.Diagnostics;
using Npgsql;

namespace DqPlatform.Infrastructure.Telemetry;

/// <summary>
/// Words the exception events of the database and Redis clients' spans without the exception's message: PostgreSQL's
/// messages quote values (<c>22P02: invalid input syntax for type integer: "…"</c>). The event keeps the exception's
/// type, the SQLSTATE where there is one, and the stack's frames.
/// </summary>
/// <remarks>
/// <c>Activity.AddException</c> (Npgsql's way of recording a failure) asks each listener of the source for the event's
/// tags before it adds the message and the stack trace (<c>ToString()</c>, which starts with the message) itself, and
/// adds neither when a listener already did; an event cannot be changed once added. One listener per host, removed
/// with it.
/// </remarks>
public sealed class DriverExceptions : IDisposable
{
    private const string Prefix = "(redacted) ";

    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = source => StatementScrubber.ClientSources.Contains(source.Name),
        ExceptionRecorder = Word,
    };

    public DriverExceptions() => ActivitySource.AddActivityListener(_listener);

    /// <summary>Whether an event's message is this class's wording (so it holds nothing of the exception's text).</summary>
    public static bool IsOwnWording(object? message) => message is string text && text.StartsWith(Prefix, StringComparison.Ordinal);

    private static void Word(Activity activity, Exception exception, ref TagList tags)
    {
        tags.Add("exception.message", Prefix + (exception is PostgresException postgres ? postgres.SqlState : exception.GetType().Name));
        tags.Add("exception.stacktrace", exception.StackTrace ?? "");
    }

    public void Dispose() => _listener.Dispose();
}
