using DqPlatform.Infrastructure.Checks;
using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DqPlatform.Infrastructure.Jobs;

/// <summary>
/// Keeps job rows honest when a node dies at the wrong moment: queued rows Hangfire may never have received are
/// enqueued again (running a job twice is harmless: only one claim succeeds), and rows left running by a worker that
/// stopped, and that no retry finished, are failed with the reason.
/// </summary>
public sealed partial class JobReaper(
    NpgsqlDataSource dataSource, CheckJobQueue queue, IOptions<JobsOptions> jobs, IOptions<CheckEngineOptions> checks, ILogger<JobReaper> logger)
{
    [AutomaticRetry(Attempts = 0)]
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var requeued = new List<Guid>();
        await using (var stale = dataSource.CreateCommand(
            "SELECT id FROM dq.jobs WHERE status = 'queued' AND created_at < now() - $1 ORDER BY created_at LIMIT 1000"))
        {
            stale.Parameters.AddWithValue(jobs.Value.RequeueQueuedAfter);
            await using var reader = await stale.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                requeued.Add(reader.GetGuid(0));
            }
        }

        foreach (var jobId in requeued)
        {
            queue.Hand(jobId);
        }

        // Past this age a running job's sensor has timed out and Hangfire has had its chances to retry it.
        var abandonedAfter = checks.Value.SensorTimeout + jobs.Value.InvisibilityTimeout * 2 + TimeSpan.FromMinutes(1);
        await using var fail = dataSource.CreateCommand("""
            UPDATE dq.jobs SET status = 'failed', completed_at = now(),
                error_message = 'The worker running this job stopped and no retry finished it.'
            WHERE status = 'running' AND started_at < now() - $1
            """);
        fail.Parameters.AddWithValue(abandonedAfter);
        var failed = await fail.ExecuteNonQueryAsync(cancellationToken);
        if (requeued.Count > 0 || failed > 0)
        {
            LogSwept(requeued.Count, failed);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Job sweep: {Requeued} queued jobs handed to Hangfire again, {Failed} abandoned running jobs failed.")]
    private partial void LogSwept(int requeued, int failed);
}
