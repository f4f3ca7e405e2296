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
}
