using System.Diagnostics;
using OpenTelemetry;

namespace DqPlatform.Infrastructure.Telemetry;

/// <summary>
/// Keeps SQL and connection details out of traces, and keeps database and Redis client spans only inside an operation.
/// </summary>
/// <remarks>
/// Npgsql's tracing always records the statement (<c>db.query.text</c>; it has no option to leave it out, and EF Core's
/// instrumentation, not used here, only sanitizes literals), so the tags are removed when a span ends, before any
/// exporter reads it. A client span with no parent in this process is a poller's (Hangfire fetching,
/// key and event-log watches): thousands a minute that explain nothing, so they are not recorded; nor are the
/// driver's spans under a source-database query (<see cref="SourceQueryTelemetry"/>), whose statement is a tenant's SQL
/// and whose own span already says what ran and for how long. A failed call keeps its error status and the exception's
/// type, not its message: PostgreSQL's messages quote values (<c>22P02: invalid input syntax for type integer: "…"</c>),
/// and the drivers put the message in the status description and in the exception event (with the stack trace, whose
/// text starts with the message). The description is cleared here; the event is worded by <see cref="DriverExceptions"/>.
/// </remarks>
public sealed class StatementScrubber : BaseProcessor<Activity>
{
    // Semantic conventions old and new, and the driver's own connection description; a client's full URL too (no
    // HTTP client instrumentation is registered, but a webhook's URL carries its secret in the path).
    private static readonly string[] Removed =
    [
        "db.statement", "db.query.text", "db.query.parameter", "db.npgsql.data_source", "db.connection_string", "url.query",
        "url.full", "http.url", "otel.status_description", "error.message",
    ];


    internal static readonly HashSet<string> ClientSources = new(StringComparer.Ordinal)
    {
        "Npgsql", "OpenTelemetry.Instrumentation.StackExchangeRedis",
    };

    public override void OnStart(Activity data)
    {
        if (ClientSources.Contains(data.Source.Name) && (data.Parent is null ? data.ParentSpanId == default : data.Parent.Source == PlatformInstruments.Source && data.Parent.OperationName == SourceQueryTelemetry.OperationName))
        {
            data.IsAllDataRequested = false;
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }

    public override void OnEnd(Activity data)
    {
        foreach (var tag in Removed)
        {
            if (data.GetTagItem(tag) is not null)
            {
                data.SetTag(tag, null);
            }
        }

        // Instrumentations add db.query.parameter.<name> tags when asked to; none is, but make sure.
        foreach (var (key, _) in data.TagObjects.Where(t => t.Key.StartsWith("db.query.parameter.", StringComparison.Ordinal)).ToList())
        {
            data.SetTag(key, null);
        }

        if (ClientSources.Contains(data.Source.Name))
        {
            ScrubFailure(data);
        }
    }

    private static void ScrubFailure(Activity data)
    {
        if (data.Status == ActivityStatusCode.Error && data.StatusDescription is not null)
        {
            data.SetStatus(ActivityStatusCode.Error);
        }

        // Events cannot be changed once added (DriverExceptions words them as they are added): a span whose exception
        // event still carries a message is not exported at all.
        if (data.Events.Any(e => e.Tags.Any(t => t.Key == "exception.message" && !DriverExceptions.IsOwnWording(t.Value))))
        {
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }
}
