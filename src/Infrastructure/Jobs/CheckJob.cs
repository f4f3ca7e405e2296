using DqPlatform.Infrastructure.Checks;
using Hangfire;
using Hangfire.Server;
using DqPlatform.Domain.Events;

namespace DqPlatform.Infrastructure.Jobs;

/// <summary>The Hangfire entry point of a check run; the work itself is <see cref="CheckRunner"/>.</summary>
public sealed class CheckJob(CheckRunner runner, ICheckRunObserver observer)
{
    public const string Queue = "checks";

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
