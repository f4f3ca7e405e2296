using DqPlatform.Domain.Events;

namespace DqPlatform.Infrastructure.Messaging;

/// <summary>
/// One workspace's events on this node, put in log order before they reach its subscribers. Events come from the bus
/// (this node's at once, other nodes' through Redis, in any order between nodes) and from the log when a position is
/// missing: a gap is read from the log, so a subscriber sees every position once, in order, whatever Redis lost.
/// </summary>
internal sealed class WorkspaceFeed(Guid workspaceId)
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, DqEvent> _pending = [];
    private FeedSubscriber[] _subscribers = [];
    private long? _last;

    public Guid WorkspaceId { get; } = workspaceId;

    public bool IsEmpty => _subscribers.Length == 0;

    /// <summary>The last position delivered here (null until the feed knew where the log stood).</summary>
    public long? Last
    {
        get
        {
            lock (_gate)
            {
                return _last;
            }
        }
    }

    /// <summary>Where the log stood when the feed started: what is older was never this feed's to deliver.</summary>
    public void Start(long head)
    {
        lock (_gate)
        {
            _last ??= head;
            foreach (var stale in _pending.Keys.Where(p => p <= _last).ToList())
            {
                _pending.Remove(stale);
            }

            Drain();
        }
    }

    /// <returns>The first missing position and the last known one when there is a gap to read from the log.</returns>
    public (long After, long Through)? Offer(DqEvent @event)
    {
        lock (_gate)
        {
            if (@event.Position == 0)
            {
                // Not logged (tests, tools): nothing to order it by, but delivered one at a time like the rest.
                foreach (var subscriber in _subscribers)
                {
                    subscriber.Deliver(@event);
                }

                return null;
            }

            if (_last is { } last && @event.Position <= last)
            {
                return null;
            }

            _pending[@event.Position] = @event;
            Drain();
            return Gap();
        }
    }

    /// <summary>Events read from the log to close a gap; positions the log no longer holds are skipped.</summary>
    public (long After, long Through)? Fill(IReadOnlyList<DqEvent> events, long through)
    {
        lock (_gate)
        {
            foreach (var @event in events.Where(e => _last is null || e.Position > _last))
            {
                _pending[@event.Position] = @event;
            }

            Drain();
            while (_last is { } last && last < through && !_pending.ContainsKey(last + 1))
            {
                // Purged or deleted with its objects: skip only the missing positions, up to the next one held.
                var held = _pending.Keys.FirstOrDefault(p => p > last);
                _last = held == 0 ? through : Math.Min(through, held - 1);
                Drain();
            }

            return Gap();
        }
    }

    /// <summary>Joins <paramref name="subscriber"/>; answers the position it starts after (what it missed is its own replay).</summary>
    public long Join(FeedSubscriber subscriber)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers, subscriber];
            return _last ?? 0;
        }
    }

    public void Leave(FeedSubscriber subscriber)
    {
        lock (_gate)
        {
            _subscribers = Array.FindAll(_subscribers, s => !ReferenceEquals(s, subscriber));
        }
    }

    /// <summary>Runs <paramref name="action"/> while no event is delivered (a subscriber switching from replay to live).</summary>
    public void Exclusive(Action action)
    {
        lock (_gate)
        {
            action();
        }
    }

    private void Drain()
    {
        while (_last is { } last && _pending.Remove(last + 1, out var next))
        {
            _last = last + 1;
            foreach (var subscriber in _subscribers)
            {
                subscriber.Deliver(next);
            }
        }

        // Everything pending at or below the last position is a duplicate.
        while (_pending.Count > 0 && _last is { } l && _pending.First().Key <= l)
        {
            _pending.Remove(_pending.First().Key);
        }
    }

    /// <summary>The positions missing between the last delivered and the last held back, if any.</summary>
    public (long After, long Through)? CurrentGap
    {
        get
        {
            lock (_gate)
            {
                return Gap();
            }
        }
    }

    private (long, long)? Gap() =>
        _last is { } last && _pending.Count > 0 ? (last, _pending.Keys.Max() - 1) : null;
}
