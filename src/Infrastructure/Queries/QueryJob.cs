using System.Text.Json;
using System.Text.Json.Serialization;
using DqPlatform.Infrastructure.Security;
using Hangfire;

namespace DqPlatform.Infrastructure.Queries;

/// <summary>
/// The Hangfire entry point of a batch run. Its argument is the run's request sealed with the connection-config key
/// (AES-256-GCM): Hangfire keeps job arguments in its tables, and the SQL text must not rest there in the clear.
/// </summary>
public sealed class QueryJob(QueryRuns runs, ConnectionConfigProtector protector)
{
    // The server's "default" queue: a third queue (or a second server for it) measured the check engine's gap between
    // runs at 60-170 ms instead of ~17 ms, because fetchers waiting on a queue without work swallow the wake-ups.
    public const string Queue = "default";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    // Retries cover the platform's own faults; a failing query is a Failed run, not an exception.
    [Queue(Queue)]
    [AutomaticRetry(Attempts = 2, DelaysInSeconds = [10, 60], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public Task RunAsync(Guid queryResultId, string sealedRequest, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize<QueryRunRequest>(protector.RevealText(sealedRequest), Json)!;
        // On the thread pool, off Hangfire's task scheduler, as measured in the export benchmark. The export loop reads
        // synchronously, so a running batch holds one pool thread for its duration.
        return Task.Run(() => runs.RunBatchAsync(queryResultId, request, cancellationToken), cancellationToken);
    }

    public static string Enqueue(IBackgroundJobClient hangfire, ConnectionConfigProtector protector, Guid queryResultId, QueryRunRequest request)
    {
        var sealedRequest = protector.ProtectText(JsonSerializer.Serialize(request, Json));
        return hangfire.Enqueue<QueryJob>(Queue, j => j.RunAsync(queryResultId, sealedRequest, CancellationToken.None));
    }
}
