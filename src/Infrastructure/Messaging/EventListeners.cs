using System.Collections.Concurrent;
using DqPlatform.Domain.Events;
using Microsoft.Extensions.Logging;

namespace DqPlatform.Infrastructure.Messaging;

/// <summary>This node's listeners; a failing listener is logged and does not stop the others.</summary>
public sealed partial class EventListeners(ILogger<EventListeners> logger)
{
    private readonly ConcurrentDictionary<long, (Action<DqEvent> Listener, bool OwnOnly)> _listeners = new();
    private long _next;

    public int Count => _listeners.Count;

    public IDisposable Add(Action<DqEvent> listener, bool ownOnly = false)
    {
        var id = Interlocked.Increment(ref _next);
        _listeners[id] = (listener, ownOnly);
        return new Removal(() => _listeners.TryRemove(id, out _));
    }

    /// <param name="own">Whether this node published the event (listeners of own events only get those).</param>
    public void Deliver(DqEvent @event, bool own)
    {
        foreach (var (listener, ownOnly) in _listeners.Values)
        {
            if (ownOnly && !own)
            {
                continue;
            }

            try
            {
                listener(@event);
            }
            catch (Exception e)
            {
                LogListenerFailed(e, @event.GetType().Name);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "An event listener failed on {EventType}.")]
    private partial void LogListenerFailed(Exception exception, string eventType);

    private sealed class Removal(Action remove) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                remove();
            }
        }
    }
}

/// <summary>The bus of a single node (no Redis configured): events reach this node's listeners only.</summary>
public sealed class InProcessEventBus(EventListeners listeners) : IEventBus
{
    public Task PublishAsync(DqEvent @event, CancellationToken cancellationToken = default)
    {
        listeners.Deliver(@event, own: true);
        return Task.CompletedTask;
    }

    public IDisposable Listen(Action<DqEvent> listener) => listeners.Add(listener);

    public IDisposable ListenToOwn(Action<DqEvent> listener) => listeners.Add(listener, ownOnly: true);
}
