using DqPlatform.Infrastructure.Checks;
using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Jobs;

/// <summary>
/// Keeps job rows honest when a node dies at the wrong moment: a workspace whose queued jobs waited long with none of
/// its jobs running lost its turns (the fair order would have served it first), so turns are handed again (a turn
/// too many finds nothing and ends), and rows left running by a worker that stopped, and that no retry finished, are
/// failed with the reason.
/// </summary>
public sealed partial class JobReaper(
    JobStore store, JobLanes lanes, CheckJobQueue queue, IOptions<JobsOptions> jobs, IOptions<CheckEngineOptions> checks, ILogger<JobReaper> logger)
{
    [AutomaticRetry(Attempts = 0)]
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var requeued = await lanes.StrandedAsync(jobs.Value.RequeueQueuedAfter, jobs.Value.RunningCap, cancellationToken);
        queue.HandTurns(requeued);

        // Past this age a running job's sensor has timed out and Hangfire has had its chances to retry it.
        var abandonedAfter = checks.Value.SensorTimeout + jobs.Value.InvisibilityTimeout * 2 + TimeSpan.FromMinutes(1);
        var failed = await store.AbandonRunningAsync(abandonedAfter, cancellationToken);
        if (requeued > 0 || failed > 0)
        {
            LogSwept(requeued, failed);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Job sweep: {Requeued} turns handed to Hangfire again for waiting jobs, {Failed} abandoned running jobs failed.")]
    private partial void LogSwept(int requeued, int failed);
}
