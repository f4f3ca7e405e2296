using DqPlatform.Infrastructure.Checks;
using Hangfire;
using Hangfire.Server;
using DqPlatform.Domain.Events;

namespace DqPlatform.Infrastructure.Jobs;

/// <summary>The Hangfire entry point of a check run; the work itself is <see cref="CheckRunner"/>.</summary>
public sealed class CheckJob(CheckRunner runner, ICheckRunObserver observer)
{
    public const string Queue = "checks";

    // Retries cover infrastructure faults (the platform's database away); a failing sensor is a result, not a retry.
    [Queue(Queue)]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [5, 30, 120], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task RunAsync(Guid jobId, PerformContext? context, CancellationToken cancellationToken)
    {
        if (await runner.RunAsync(jobId, context?.BackgroundJob.Id ?? "direct", cancellationToken) is { } outcome)
        {
            await observer.OnRunStoredAsync(outcome, cancellationToken);
        }
    }
}

/// <summary>Told about every stored run (the event bus listens here).</summary>
public interface ICheckRunObserver
{
    Task OnRunStoredAsync(CheckRunOutcome outcome, CancellationToken cancellationToken);
}

/// <summary>Tells every node (and so every live client) what a run stored.</summary>
public sealed class EventPublishingObserver(Domain.Events.IEventBus bus, Domain.Common.IClock clock) : ICheckRunObserver
{
    public async Task OnRunStoredAsync(CheckRunOutcome outcome, CancellationToken cancellationToken)
    {
        var at = clock.UtcNow;
        await bus.PublishAsync(new Domain.Events.CheckResultAdded(
            outcome.WorkspaceId, at, outcome.CheckId, outcome.JobId, outcome.ResultId, outcome.Passed, outcome.SensorValue, outcome.Error), cancellationToken);
        await bus.PublishAsync(new Domain.Events.JobStatusChanged(
            outcome.WorkspaceId, at, outcome.JobId, outcome.CheckId, outcome.Error is null ? Domain.Jobs.JobStatus.Completed : Domain.Jobs.JobStatus.Failed), cancellationToken);
        if (outcome.Incident is { } incident)
        {
            await bus.PublishAsync(new Domain.Events.IncidentChanged(
                outcome.WorkspaceId, at, incident.IncidentId, outcome.CheckId, incident.Kind, incident.Status, incident.Severity, incident.FailureCount), cancellationToken);
        }
    }
}
