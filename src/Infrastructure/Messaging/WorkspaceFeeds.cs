using DqPlatform.Domain.Events;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Messaging;

/// <summary>
/// This node's live subscribers, fed from the bus in each workspace's log order (<see cref="EventLogRules"/>). Redis
/// only makes delivery fast: a position that did not arrive (Redis down or restarted, a message lost) is read from the
/// log when a later one arrives, and every <see cref="EventFeedOptions.CatchUpInterval"/> the heads of the workspaces
/// with subscribers are compared with what was delivered, one statement for all of them.
/// </summary>
public sealed partial class WorkspaceFeeds : BackgroundService
{
    private const int ReplayPage = 500;

    private readonly Dictionary<Guid, WorkspaceFeed> _feeds = [];
    private readonly Lock _gate = new();
    private readonly HashSet<WorkspaceFeed> _filling = [];
    private readonly WorkspaceEventLog _log;
    private readonly EventFeedOptions _options;
    private readonly ILogger<WorkspaceFeeds> _logger;
    private readonly IDisposable _listening;

    public WorkspaceFeeds(IEventBus bus, WorkspaceEventLog log, IOptions<EventFeedOptions> options, ILogger<WorkspaceFeeds> logger)
    {
        (_log, _options, _logger) = (log, options.Value, logger);
        _listening = bus.Listen(Offer);
    }

    /// <summary>
    /// Calls <paramref name="deliver"/> with each event of the workspace from now on, or, with <paramref name="after"/>,
    /// from the position after it (check it with <see cref="EventLogRules.RequireResumable"/> first). Dispose to stop.
    /// </summary>
    public async Task<IDisposable> SubscribeAsync(Guid workspaceId, long? after, Action<DqEvent> deliver, CancellationToken cancellationToken)
    {
        var subscriber = new FeedSubscriber(deliver, after, e => LogDeliveryFailed(e, workspaceId));
        var feed = await JoinAsync(workspaceId, subscriber, cancellationToken);
        var leave = new Leaving(() => Leave(feed, subscriber));
        if (after is not { } resumeAfter)
        {
            return leave;
        }

        try
        {
            var through = feed.Last ?? 0;
            for (var from = resumeAfter; from < through;)
            {
                var page = await _log.ReadAsync(workspaceId, from, Math.Min(through, from + ReplayPage), cancellationToken);
                page.ForEach(subscriber.Replay);
                from = Math.Min(through, from + ReplayPage);
            }

            feed.Exclusive(subscriber.GoLive);
            return leave;
        }
        catch
        {
            leave.Dispose();
            throw;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.CatchUpInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await CatchUpAsync(stoppingToken);
        }
    }

    public override void Dispose()
    {
        _listening.Dispose();
        base.Dispose();
    }

    /// <summary>Reads what the heads say was committed but this node has not delivered.</summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        WorkspaceFeed[] feeds;
        lock (_gate)
        {
            feeds = [.. _feeds.Values];
        }

        if (feeds.Length == 0)
        {
            return;
        }

        try
        {
            var heads = await _log.HeadsAsync([.. feeds.Select(f => f.WorkspaceId)], cancellationToken);
            foreach (var feed in feeds)
            {
                if (heads.TryGetValue(feed.WorkspaceId, out var head) && feed.Last is { } last && head > last)
                {
                    await FillAsync(feed, (last, head));
                }
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever it was, the next round tries again; a failure here must not stop the host.
            LogCatchUpFailed(e);
        }
    }

    private async Task<WorkspaceFeed> JoinAsync(Guid workspaceId, FeedSubscriber subscriber, CancellationToken cancellationToken)
    {
        WorkspaceFeed feed;
        bool created;
        lock (_gate)
        {
            created = !_feeds.TryGetValue(workspaceId, out feed!);
            if (created)
            {
                // Listed before the head is read, so an event committed meanwhile is held, not missed.
                feed = new WorkspaceFeed(workspaceId);
                _feeds.Add(workspaceId, feed);
            }

            feed.Join(subscriber);
        }

        if (feed.Last is null)
        {
            try
            {
                var (head, _) = await _log.HeadAsync(workspaceId, cancellationToken);
                feed.Start(head);
            }
            catch
            {
                Leave(feed, subscriber);
                throw;
            }
        }

        return feed;
    }

    private void Leave(WorkspaceFeed feed, FeedSubscriber subscriber)
    {
        lock (_gate)
        {
            feed.Leave(subscriber);
            if (feed.IsEmpty && _feeds.TryGetValue(feed.WorkspaceId, out var listed) && ReferenceEquals(listed, feed))
            {
                _feeds.Remove(feed.WorkspaceId);
            }
        }
    }

    private void Offer(DqEvent @event)
    {
        WorkspaceFeed? feed;
        lock (_gate)
        {
            _feeds.TryGetValue(@event.WorkspaceId, out feed);
        }

        if (feed?.Offer(@event) is { } gap)
        {
            _ = FillAsync(feed, gap);
        }
    }

    // One reader per feed at a time; a gap found meanwhile is seen by the running reader when it fills.
    private async Task FillAsync(WorkspaceFeed feed, (long After, long Through) gap)
    {
        lock (_filling)
        {
            if (!_filling.Add(feed))
            {
                return;
            }
        }

        var filled = false;
        try
        {
            for (var next = ((long, long)?)gap; next is var (after, through);)
            {
                var upTo = Math.Min(through, after + ReplayPage);
                next = feed.Fill(await _log.ReadAsync(feed.WorkspaceId, after, upTo, CancellationToken.None), upTo);
            }

            filled = true;
        }
        catch (Exception e)
        {
            LogFillFailed(e, feed.WorkspaceId);
        }
        finally
        {
            lock (_filling)
            {
                _filling.Remove(feed);
            }
        }

        // A gap found while this reader was finishing was left to it.
        if (filled && feed.CurrentGap is { } later)
        {
            await FillAsync(feed, later);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not read missed events of workspace {WorkspaceId} from the log; the next catch-up retries.")]
    private partial void LogFillFailed(Exception exception, Guid workspaceId);

    [LoggerMessage(LogLevel.Error, "A subscriber of workspace {WorkspaceId} failed on an event; the workspace's other subscribers still get it.")]
    private partial void LogDeliveryFailed(Exception exception, Guid workspaceId);

    [LoggerMessage(LogLevel.Warning, "Could not compare the event log's heads with what this node delivered; retrying.")]
    private partial void LogCatchUpFailed(Exception exception);

    private sealed class Leaving(Action leave) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                leave();
            }
        }
    }
}

/// <summary>Settings under <c>Dqp:Events</c>.</summary>
public sealed class EventFeedOptions
{
    /// <summary>How often a node compares the log's heads with what it delivered (what Redis did not bring).</summary>
    public TimeSpan CatchUpInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the log keeps events, so how long a client may be away and still resume.</summary>
    public TimeSpan Retention { get; set; } = EventLogRules.DefaultRetention;

    /// <summary>How often old events are purged.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(10);
}
