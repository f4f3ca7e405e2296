using DqPlatform.Domain.Events;

namespace DqPlatform.Infrastructure.Messaging;

/// <summary>
/// A live subscriber of a <see cref="WorkspaceFeed"/>. One that resumes from a cursor holds the feed's live events back
/// while its replay is read from the log, then hands them on: no gap between the two and no position twice.
/// </summary>
/// <param name="fault">What a failing <paramref name="deliver"/> threw: it stays this subscriber's, the others still get the event.</param>
internal sealed class FeedSubscriber(Action<DqEvent> deliver, long? after, Action<Exception> fault)
{
    private List<DqEvent>? _held = after is null ? null : [];
    private long _seen = after ?? 0;

    /// <summary>From the feed, under its lock.</summary>
    public void Deliver(DqEvent @event)
    {
        if (_held is not null)
        {
            _held.Add(@event);
            return;
        }

        Pass(@event);
    }

    /// <summary>From the log, while the feed holds this subscriber's live events back.</summary>
    public void Replay(DqEvent @event) => Pass(@event);

    /// <summary>Hands on what the feed held back; call under the feed's lock (<see cref="WorkspaceFeed.Exclusive"/>).</summary>
    public void GoLive()
    {
        var held = _held ?? [];
        _held = null;
        foreach (var @event in held)
        {
            Pass(@event);
        }
    }

    private void Pass(DqEvent @event)
    {
        if (@event.Position != 0)
        {
            if (@event.Position <= _seen)
            {
                return;
            }

            _seen = @event.Position;
        }

        try
        {
            deliver(@event);
        }
        catch (Exception e)
        {
            fault(e);
        }
    }
}
