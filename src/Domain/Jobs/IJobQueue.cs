namespace DqPlatform.Domain.Jobs;

/// <summary>Where runs of checks are requested and cancelled; workers on any node pick them up.</summary>
public interface IJobQueue
{
    /// <summary>Creates a queued job per check and hands each to a worker; answers the job ids in the checks' order.</summary>
    Task<IReadOnlyList<Guid>> EnqueueAsync(IReadOnlyCollection<Guid> checkIds, string triggeredBy, CancellationToken cancellationToken);

    /// <summary>Cancels an unfinished job; false when it had already finished. The worker stops within a second.</summary>
    Task<bool> CancelAsync(Guid jobId, CancellationToken cancellationToken);
}
