namespace DqPlatform.Infrastructure.Jobs;

/// <summary>Settings under <c>Dqp:Jobs</c>.</summary>
public sealed class JobsOptions
{
    /// <summary>Whether this node runs a Hangfire server (workers). API-only nodes set this to false.</summary>
    public bool RunServer { get; set; } = true;

    public int WorkerCount { get; set; } = Math.Max(2, Environment.ProcessorCount * 2);

    /// <summary>
    /// A fetched job whose worker stops renewing it for this long goes back to the queue for another worker (the
    /// timeout slides while the worker lives, so long jobs are not taken twice).
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Upper bound on how long an idle worker waits before looking at the queue again. Jobs enqueued by this node wake
    /// its idle workers at once; jobs enqueued by another node are seen within this interval.
    /// </summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often due schedules are looked for; cron expressions have minute precision.</summary>
    public string ScheduleTickCron { get; set; } = "* * * * *";

    /// <summary>A job still queued after this was probably never handed to Hangfire (a node died in between): enqueue it again.</summary>
    public TimeSpan RequeueQueuedAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How many check runs of one workspace may run at once, over all nodes. Unset: one less than this node's
    /// <see cref="WorkerCount"/> (at least 1), so a node always has a worker another workspace can start on.
    /// </summary>
    public int? MaxRunningPerWorkspace { get; set; }

    public int RunningCap => Math.Max(1, MaxRunningPerWorkspace ?? WorkerCount - 1);

    /// <summary>
    /// How many batch query runs of one workspace may run at once, over all nodes; further runs wait (re-scheduled
    /// after <see cref="BatchRetryDelay"/>) and leave the workers to others. Unset: half of <see cref="BatchWorkerCap"/>
    /// (at least 1), so one workspace never holds every batch slot of a node.
    /// </summary>
    public int? MaxRunningBatchesPerWorkspace { get; set; }

    public int BatchWorkspaceCap => Math.Max(1, MaxRunningBatchesPerWorkspace ?? BatchWorkerCap / 2);

    /// <summary>
    /// How many of this node's workers batch query runs may hold at once (unset: half of <see cref="WorkerCount"/>,
    /// at least 1): a pile of long exports never holds every worker, so check runs keep theirs.
    /// </summary>
    public int? MaxBatchWorkers { get; set; }

    public int BatchWorkerCap => Math.Max(1, MaxBatchWorkers ?? WorkerCount / 2);

    /// <summary>How long a batch run that could not start (a cap reached) waits before it is tried again.</summary>
    public TimeSpan BatchRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
}
