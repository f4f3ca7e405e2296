using System.Text.Json;
using System.Text.Json.Serialization;
using DqPlatform.Infrastructure.Security;
using Hangfire;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Queries;

/// <summary>
/// The Hangfire entry point of a batch run. Its argument is the run's request sealed with the connection-config key
/// (AES-256-GCM): Hangfire keeps job arguments in its tables, and the SQL text must not rest there in the clear.
/// </summary>
public sealed class QueryJob(
    QueryRuns runs,
    ConnectionConfigProtector protector,
    BatchAdmission admission,
    Persistence.QueryData.QueryDataDbContext data,
    IBackgroundJobClient hangfire,
    IOptions<Jobs.JobsOptions> jobs)
{
    // The server's "default" queue: a third queue (or a second server for it) measured the check engine's gap between
    // runs at 60-170 ms instead of ~17 ms, because fetchers waiting on a queue without work swallow the wake-ups.
    public const string Queue = "default";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    // Retries cover the platform's own faults; a failing query is a Failed run, not an exception, and a domain
    // exception fails at once: no later attempt would succeed.
    [Queue(Queue)]
    [AutomaticRetry(Attempts = 2, DelaysInSeconds = [10, 60], OnAttemptsExceeded = AttemptsExceededAction.Fail, ExceptOn = [typeof(Domain.Common.DomainException)])]
    public async Task RunAsync(Guid queryResultId, string sealedRequest, CancellationToken cancellationToken)
    {
        QueryRunRequest request;
        try
        {
            request = JsonSerializer.Deserialize<QueryRunRequest>(protector.RevealText(sealedRequest), Json)!;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // The key that sealed the request is gone: the run fails with the reason, once.
            var unreadable = new QueryRequestUnreadableException();
            await runs.FailQueuedAsync(queryResultId, unreadable, cancellationToken);
            throw unreadable;
        }

        // Over a cap the run waits off the worker and is tried again (BatchAdmission); an ended run is not.
        if (await BatchAdmission.WaitingWorkspaceAsync(data, queryResultId, cancellationToken) is not { } workspaceId)
        {
            return;
        }

        using var worker = admission.TryTakeWorker();
        await using var slot = worker is null ? null : await admission.TryTakeWorkspaceSlotAsync(workspaceId, cancellationToken);
        if (slot is null)
        {
            hangfire.Schedule<QueryJob>(Queue, j => j.RunAsync(queryResultId, sealedRequest, CancellationToken.None), jobs.Value.BatchRetryDelay);
            return;
        }

        // On the thread pool, off Hangfire's task scheduler, as measured in the export benchmark. The export loop reads
        // synchronously, so a running batch holds one pool thread for its duration.
        await Task.Run(() => runs.RunBatchAsync(queryResultId, request, cancellationToken), cancellationToken);
    }

    public static string Enqueue(IBackgroundJobClient hangfire, ConnectionConfigProtector protector, Guid queryResultId, QueryRunRequest request)
    {
        var sealedRequest = protector.ProtectText(JsonSerializer.Serialize(request, Json));
        return hangfire.Enqueue<QueryJob>(Queue, j => j.RunAsync(queryResultId, sealedRequest, CancellationToken.None));
    }
}

/// <summary>A queued batch run whose sealed request no configured key opens: it can never run.</summary>
public sealed class QueryRequestUnreadableException() : Domain.Common.DomainException(
    "QUERY_REQUEST_UNREADABLE", "The queued run's request cannot be decrypted with the configured keys; run the query again.");
