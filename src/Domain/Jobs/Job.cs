using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Scheduling;

namespace DqPlatform.Domain.Jobs;

/// <summary>
/// One requested run of a check, from queued to a terminal state (see <see cref="JobTransitions"/>). Runs happen on
/// many workers and nodes at once, so <c>JobStore</c> applies each transition as one conditional update over the
/// states <see cref="JobTransitions"/> allows it from: whoever moves the row first wins, the others find it moved.
/// </summary>
public class Job
{
    public Guid Id { get; set; }
    public Guid CheckId { get; set; }
    public JobStatus Status { get; set; } = JobStatus.Queued;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public long? ResultId { get; set; }
    public string? ErrorMessage { get; set; }
    public string TriggeredBy { get; set; } = JobTrigger.Api;
    public Guid? ScheduleId { get; set; }

    /// <summary>
    /// Addition to seed 002: the background job (Hangfire) that claimed this run. Its retries may take the run over;
    /// a second delivery of the same run under another background job may not.
    /// </summary>
    public string? BackgroundJobId { get; set; }

    public CheckDefinition? Check { get; set; }
    public Schedule? Schedule { get; set; }
}
