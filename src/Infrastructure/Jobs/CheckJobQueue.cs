using DqPlatform.Domain.Jobs;
using Hangfire;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Jobs;

/// <summary>
/// The job queue on Hangfire. The rows are written first so that the caller gets their ids at once, then turns are
/// handed to Hangfire: as many as the workspace may run at once (its cap), the rest owed in the same statement
/// (<see cref="JobLanes"/>), so 10,000 checks cost a handful of background jobs and wait in the fair order. Rows
/// whose turns never reached Hangfire (a node died in between) are restarted by <see cref="JobReaper"/>.
/// </summary>
public sealed class CheckJobQueue(JobStore jobs, IBackgroundJobClient hangfire, IOptions<JobsOptions> options) : IJobQueue
{
    public async Task<IReadOnlyList<Guid>> EnqueueAsync(IReadOnlyCollection<Guid> checkIds, string triggeredBy, CancellationToken cancellationToken)
    {
        if (checkIds.Count == 0)
        {
            return [];
        }

        var turns = Math.Min(checkIds.Count, options.Value.RunningCap);
        var jobIds = await jobs.AddQueuedAsync(checkIds, triggeredBy, turns, cancellationToken);
        HandTurns(turns);
        return jobIds;
    }

    /// <summary>Hands <paramref name="count"/> turns to Hangfire; each claims the fairest queued job when it runs.</summary>
    public void HandTurns(int count)
    {
        for (var i = 0; i < count; i++)
        {
            hangfire.Enqueue<CheckJob>(CheckJob.Queue, j => j.TakeTurnAsync(null, CancellationToken.None));
        }
    }

    public Task<bool> CancelAsync(Guid jobId, CancellationToken cancellationToken) => jobs.CancelAsync(jobId, cancellationToken);
}
