namespace DqPlatform.Domain.Events;

/// <summary>
/// Publishes domain events to every API node and lets this node listen. Delivery is at most once and best effort:
/// a node that is down or cut off from Redis misses what happens meanwhile (clients re-read state on reconnect).
/// </summary>
public interface IEventBus
{
    /// <summary>Never throws for a broker that is away: the event still reaches this node's listeners.</summary>
    Task PublishAsync(DqEvent @event, CancellationToken cancellationToken = default);

    /// <summary>Calls <paramref name="listener"/> for every event from any node until the returned handle is disposed.</summary>
    IDisposable Listen(Action<DqEvent> listener);

    /// <summary>Only the events published on this node: for work that must happen once per event, not once per node.</summary>
    IDisposable ListenToOwn(Action<DqEvent> listener);
}
