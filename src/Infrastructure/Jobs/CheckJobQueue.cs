using DqPlatform.Domain.Jobs;
using Hangfire;

namespace DqPlatform.Infrastructure.Jobs;

/// <summary>
/// The job queue on Hangfire. The row is written first so that the caller gets its id at once; a row Hangfire never
/// heard of (a node died in between) is handed over again by <see cref="JobReaper"/>.
/// </summary>
public sealed class CheckJobQueue(JobStore jobs, IBackgroundJobClient hangfire) : IJobQueue
{
    public async Task<IReadOnlyList<Guid>> EnqueueAsync(IReadOnlyCollection<Guid> checkIds, string triggeredBy, CancellationToken cancellationToken)
    {
        if (checkIds.Count == 0)
        {
            return [];
        }

        var jobIds = await jobs.AddQueuedAsync(checkIds, triggeredBy, cancellationToken);
        foreach (var jobId in jobIds)
        {
            Hand(jobId);
        }

        return jobIds;
    }

    public void Hand(Guid jobId) => hangfire.Enqueue<CheckJob>(CheckJob.Queue, j => j.RunAsync(jobId, null, CancellationToken.None));

    public Task<bool> CancelAsync(Guid jobId, CancellationToken cancellationToken) => jobs.CancelAsync(jobId, cancellationToken);
}
