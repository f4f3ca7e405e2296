using DqPlatform.Infrastructure.Checks;
using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Jobs;

/// <summary>
/// Keeps job rows honest when a node dies at the wrong moment: queued rows Hangfire may never have received are
/// enqueued again (running a job twice is harmless: only one claim succeeds), and rows left running by a worker that
/// stopped, and that no retry finished, are failed with the reason.
/// </summary>
public sealed partial class JobReaper(
    JobStore store, CheckJobQueue queue, IOptions<JobsOptions> jobs, IOptions<CheckEngineOptions> checks, ILogger<JobReaper> logger)
{
    [AutomaticRetry(Attempts = 0)]
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var requeued = await store.StaleQueuedAsync(jobs.Value.RequeueQueuedAfter, cancellationToken);
        foreach (var jobId in requeued)
        {
            queue.Hand(jobId);
        }

        // Past this age a running job's sensor has timed out and Hangfire has had its chances to retry it.
        var abandonedAfter = checks.Value.SensorTimeout + jobs.Value.InvisibilityTimeout * 2 + TimeSpan.FromMinutes(1);
        var failed = await store.AbandonRunningAsync(abandonedAfter, cancellationToken);
        if (requeued.Count > 0 || failed > 0)
        {
            LogSwept(requeued.Count, failed);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Job sweep: {Requeued} queued jobs handed to Hangfire again, {Failed} abandoned running jobs failed.")]
    private partial void LogSwept(int requeued, int failed);
}
