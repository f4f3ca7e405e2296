using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Incidents;
using DqPlatform.Infrastructure.Messaging;

namespace DqPlatform.Infrastructure.Tests.Messaging;

/// <summary>One workspace's events put in log order on a node: out-of-order arrivals, gaps read from the log, faulty subscribers.</summary>
public sealed class WorkspaceFeedTests
{
    private static readonly Guid Workspace = Guid.NewGuid();

    private static DqEvent At(long position) =>
        new IncidentChanged(Workspace, DateTimeOffset.UnixEpoch, Guid.NewGuid(), Guid.NewGuid(), IncidentChangeKind.Updated,
            IncidentStatus.Open, CheckSeverity.Error, (int)position) { Position = position };

    private static (WorkspaceFeed Feed, List<long> Seen) Started(long head)
    {
        var feed = new WorkspaceFeed(Workspace);
        var seen = new List<long>();
        feed.Join(new FeedSubscriber(e => seen.Add(e.Position), after: null, fault: e => throw e));
        feed.Start(head);
        return (feed, seen);
    }

    [Fact]
    public void Offer_AheadOfAMissingPosition_IsHeldAndTheGapAsked_ThenDeliveredInOrder()
    {
        var (feed, seen) = Started(head: 10);

        Assert.Equal((10L, 12L), feed.Offer(At(13)));
        Assert.Empty(seen);
        Assert.Null(feed.Fill([At(11), At(12)], through: 12));

        Assert.Equal([11L, 12L, 13L], seen);
        Assert.Null(feed.Offer(At(12))); // a late duplicate through Redis
        Assert.Equal([11L, 12L, 13L], seen);
    }

    [Fact]
    public void Fill_WithAPositionTheLogNoLongerHolds_SkipsOnlyThatOne()
    {
        var (feed, seen) = Started(head: 0);
        feed.Offer(At(5));

        // Position 1 was purged; 2 to 4 are still there and must not be dropped with it.
        Assert.Null(feed.Fill([At(2), At(3), At(4)], through: 4));

        Assert.Equal([2L, 3L, 4L, 5L], seen);
    }

    [Fact]
    public void ASubscriberThatThrows_KeepsItsFault_AndTheOthersStillGetTheEvent()
    {
        var feed = new WorkspaceFeed(Workspace);
        var faults = new List<Exception>();
        var seen = new List<long>();
        feed.Join(new FeedSubscriber(_ => throw new InvalidOperationException("broken socket"), after: null, fault: faults.Add));
        feed.Join(new FeedSubscriber(e => seen.Add(e.Position), after: null, fault: e => throw e));
        feed.Start(0);

        feed.Offer(At(1));
        feed.Offer(At(2));

        Assert.Equal([1L, 2L], seen);
        Assert.Equal(2, faults.Count);
    }
}
