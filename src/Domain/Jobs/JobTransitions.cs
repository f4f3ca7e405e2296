namespace DqPlatform.Domain.Jobs;

/// <summary>
/// The life of a job. Queued → running (a worker claims it; a retry of the same background job may claim it again
/// while running) → completed or failed (the run stored its result). Running → queued when the worker shuts down
/// mid-run, so the retry starts afresh. Queued or running → cancelled (on request) or failed (the background job ran
/// out of retries, or its worker vanished). Completed, failed and cancelled are final.
/// </summary>
public static class JobTransitions
{
    public static readonly IReadOnlyList<JobStatus> Terminal = [JobStatus.Completed, JobStatus.Failed, JobStatus.Cancelled];

    /// <summary>States a job can be cancelled or given up from: not yet finished.</summary>
    public static readonly IReadOnlyList<JobStatus> Unfinished = [JobStatus.Queued, JobStatus.Running];

    public const string CancelledMessage = "Cancelled on request.";

    public const string AbandonedMessage = "The worker running this job stopped and no retry finished it.";

    public static string GaveUpMessage(string reason) => "The run failed after its retries: " + reason;

    /// <summary>A claim succeeds on a queued job, or on a running one claimed by the same background job (its retry).</summary>
    public static bool CanClaim(JobStatus status, string? claimedBy, string backgroundJobId) =>
        status == JobStatus.Queued || (status == JobStatus.Running && claimedBy == backgroundJobId);

    /// <summary>The end state of a run that stored its result: failed when the run itself could not measure.</summary>
    public static JobStatus Finished(string? error) => error is null ? JobStatus.Completed : JobStatus.Failed;
}
