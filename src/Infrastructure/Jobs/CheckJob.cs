using DqPlatform.Infrastructure.Checks;
using Hangfire;
using Hangfire.Server;
using DqPlatform.Domain.Common;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Jobs;

/// <summary>
/// The Hangfire entry point of check runs; the work itself is <see cref="CheckRunner"/>. A background job is a turn
/// that names no run: it claims the fairest queued job when a worker takes it (<see cref="JobLanes"/>), so Hangfire's
/// first-in first-out order no longer decides whose check runs next.
/// </summary>
public sealed class CheckJob(CheckRunner runner, ICheckRunObserver observer, JobLanes lanes, IOptions<JobsOptions> options, IClock clock)
{
    public const string Queue = "checks";

    // Retries as for RunAsync. A retry (or Hangfire handing a killed worker's turn to another) first finishes the job
    // this turn had claimed. After a run the turn goes on while turns are owed, instead of a new background job per
    // run: the owed count stands for jobs queued beyond the turns handed to Hangfire.
    [Queue(Queue)]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [5, 30, 120], OnAttemptsExceeded = AttemptsExceededAction.Fail, ExceptOn = [typeof(Domain.Common.DomainException)])]
    public async Task TakeTurnAsync(PerformContext? context, CancellationToken cancellationToken)
    {
        var turnId = context?.BackgroundJob.Id ?? "direct";
        var jobId = await lanes.ClaimedByAsync(turnId, cancellationToken);
        while (true)
        {
            jobId ??= await lanes.ClaimNextAsync(turnId, options.Value.RunningCap, clock.UtcNow, cancellationToken);
            if (jobId is not { } claimed)
            {
                return;
            }

            await RunAsync(claimed, context, cancellationToken);
            if (!await lanes.TakeOwedAsync(cancellationToken))
            {
                return;
            }

            jobId = null;
        }
    }

    // Delivers one named run: background jobs enqueued before turns existed, and the turn's own runs.
    // Retries cover infrastructure faults (the platform's database away); a failing sensor is a result, not a retry,
    // and a domain exception (a config no key decrypts, a connector type this build lacks) fails at once: no later
    // attempt would succeed.
    [Queue(Queue)]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [5, 30, 120], OnAttemptsExceeded = AttemptsExceededAction.Fail, ExceptOn = [typeof(Domain.Common.DomainException)])]
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

/// <summary>Tells every node (and so every live client) what a run stored and logged.</summary>
public sealed class EventPublishingObserver(Domain.Events.IEventBus bus) : ICheckRunObserver
{
    public async Task OnRunStoredAsync(CheckRunOutcome outcome, CancellationToken cancellationToken)
    {
        foreach (var @event in outcome.Events)
        {
            await bus.PublishAsync(@event, cancellationToken);
        }
    }
}
