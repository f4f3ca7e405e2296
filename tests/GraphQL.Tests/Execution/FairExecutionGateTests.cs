using System.Threading.RateLimiting;
using DqPlatform.GraphQL.Execution;

namespace DqPlatform.GraphQL.Tests.Execution;

/// <summary>
/// Turns shared between partitions: a cap per partition, a freed turn to the partition with the fewest running (the one
/// served least recently among equals), a line per partition of limited length. Counted, never timed.
/// </summary>
[Collection(Telemetry.ExecutionGateCollection.Name)]
public sealed class FairExecutionGateTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Enter_WhileOnePartitionHoldsItsCap_AdmitsAnotherPartitionAtOnce()
    {
        using var gate = new ExecutionGate(new ExecutionGateOptions { MaxConcurrent = 4, MaxConcurrentPerPartition = 2 });
        using var a1 = await gate.EnterAsync("A", CancellationToken.None);
        using var a2 = await gate.EnterAsync("A", CancellationToken.None);
        var a3 = gate.EnterAsync("A", CancellationToken.None).AsTask();

        using var b = await gate.EnterAsync("B", CancellationToken.None);

        Assert.True(b!.IsAcquired);
        Assert.False(a3.IsCompleted); // A is at its cap although two turns are free
        Assert.Equal((1, 1L), (gate.Statistics!.CurrentAvailablePermits, gate.Statistics.CurrentQueuedCount));
        a1!.Dispose();
        using var third = await a3.WaitAsync(Deadline);
        Assert.True(third!.IsAcquired);
    }

    [Fact]
    public async Task FreedTurn_GoesToTheQuietPartition_BeforeTheFloodingPartitionsOlderQueries()
    {
        using var gate = new ExecutionGate(new ExecutionGateOptions { MaxConcurrent = 2, MaxConcurrentPerPartition = 2 });
        var running = new List<RateLimitLease?> { await gate.EnterAsync("A", CancellationToken.None), await gate.EnterAsync("A", CancellationToken.None) };
        var flood = Enumerable.Range(0, 20).Select(_ => gate.EnterAsync("A", CancellationToken.None).AsTask()).ToList();
        var quiet = gate.EnterAsync("B", CancellationToken.None).AsTask();

        running[0]!.Dispose();
        using var served = await quiet.WaitAsync(Deadline);

        Assert.True(served!.IsAcquired);
        Assert.All(flood, waiting => Assert.False(waiting.IsCompleted));
        Assert.Equal(20, gate.Statistics!.CurrentQueuedCount);
        running[1]!.Dispose();
        using var next = await flood[0].WaitAsync(Deadline); // A's own line stays oldest first
        Assert.True(next!.IsAcquired);
        Assert.All(flood.Skip(1), waiting => Assert.False(waiting.IsCompleted));
        served!.Dispose();
        next!.Dispose();
        foreach (var waiting in flood.Skip(1))
        {
            (await waiting.WaitAsync(Deadline))!.Dispose();
        }
    }

    [Fact]
    public async Task FullLine_StillQueuesAPartitionWithNothingWaiting_AndRefusesThoseThatFilledIt()
    {
        using var gate = new ExecutionGate(new ExecutionGateOptions { MaxConcurrent = 2, MaxConcurrentPerPartition = 1, QueueLimit = 4, PartitionQueueLimit = 2 });
        using var a = await gate.EnterAsync("A", CancellationToken.None);
        using var b = await gate.EnterAsync("B", CancellationToken.None);
        var line = new[] { "A", "A", "B", "B" }.Select(p => gate.EnterAsync(p, CancellationToken.None).AsTask()).ToList();
        Assert.Equal(4L, gate.Statistics!.CurrentQueuedCount); // the line is full

        var quiet = gate.EnterAsync("C", CancellationToken.None).AsTask();
        using var refused = await gate.EnterAsync("B", CancellationToken.None);

        Assert.False(refused!.IsAcquired);
        Assert.False(quiet.IsCompleted);
        Assert.Equal(5L, gate.Statistics.CurrentQueuedCount);
        a!.Dispose();
        b!.Dispose();
        // Each freed turn is taken in the fair order; C's place in line is served like the others'.
        var pending = line.Append(quiet).ToList();
        while (pending.Count > 0)
        {
            var given = await Task.WhenAny(pending).WaitAsync(Deadline);
            using var lease = await given;
            Assert.True(lease!.IsAcquired);
            pending.Remove(given);
        }
    }

    [Fact]
    public async Task PartitionBesideAnother_IsHeldToTheSharedCap_AloneToItsFullShare()
    {
        using var gate = new ExecutionGate(new ExecutionGateOptions
        {
            MaxConcurrent = 8, MaxConcurrentPerPartition = 4, MaxConcurrentPerPartitionWhenShared = 1, SharedWindow = TimeSpan.FromHours(1),
        });
        var alone = new List<RateLimitLease?>();
        for (var i = 0; i < 4; i++)
        {
            alone.Add(await gate.EnterAsync("A", CancellationToken.None)); // alone: its full share
        }

        Assert.All(alone, lease => Assert.True(lease!.IsAcquired));
        using var quiet = await gate.EnterAsync("B", CancellationToken.None);
        var fifth = gate.EnterAsync("A", CancellationToken.None).AsTask();

        Assert.True(quiet!.IsAcquired);
        Assert.False(fifth.IsCompleted); // beside B, A is past the shared cap although three turns are free
        Assert.Equal(3, gate.Statistics!.CurrentAvailablePermits);
        foreach (var lease in alone)
        {
            lease!.Dispose();
        }

        using var served = await fifth.WaitAsync(Deadline); // down to none running: A's turn again
        Assert.True(served!.IsAcquired);
    }

    [Fact]
    public async Task FreedTurns_AmongEqualPartitions_GoRoundRobin()
    {
        using var gate = new ExecutionGate(new ExecutionGateOptions { MaxConcurrent = 1, MaxConcurrentPerPartition = 1 });
        var held = await gate.EnterAsync("X", CancellationToken.None);
        var order = new List<string>();
        var waiting = new[] { "A", "A", "B", "C" }.Select(p => (Partition: p, Turn: gate.EnterAsync(p, CancellationToken.None).AsTask())).ToList();

        held!.Dispose();
        while (waiting.Count > 0)
        {
            var next = await Task.WhenAny(waiting.Select(w => w.Turn)).WaitAsync(Deadline);
            var served = waiting.Single(w => w.Turn == next);
            order.Add(served.Partition);
            waiting.Remove(served);
            Assert.All(waiting, w => Assert.False(w.Turn.IsCompleted)); // one turn, one query at a time
            (await next)!.Dispose();
        }

        Assert.Equal(["A", "B", "C", "A"], order);
    }

    [Fact]
    public async Task Enter_BeyondAPartitionsShareOfTheLine_IsRefusedForThatPartitionOnly()
    {
        using var gate = new ExecutionGate(new ExecutionGateOptions { MaxConcurrent = 1, QueueLimit = 10, PartitionQueueLimit = 2 });
        var held = await gate.EnterAsync("A", CancellationToken.None);
        var queuedA = new[] { gate.EnterAsync("A", CancellationToken.None).AsTask(), gate.EnterAsync("A", CancellationToken.None).AsTask() };

        using var refused = await gate.EnterAsync("A", CancellationToken.None);
        var queuedB = gate.EnterAsync("B", CancellationToken.None).AsTask();

        Assert.False(refused!.IsAcquired);
        Assert.False(queuedB.IsCompleted);
        Assert.Equal(3, gate.Statistics!.CurrentQueuedCount);
        held!.Dispose();
        var left = queuedA.Append(queuedB).ToList();
        while (left.Count > 0)
        {
            var next = await Task.WhenAny(left).WaitAsync(Deadline);
            left.Remove(next);
            using var turn = await next;
            Assert.True(turn!.IsAcquired);
        }
    }

    [Fact]
    public async Task CancelledWaiter_LeavesTheLine_AndTheNextIsServed()
    {
        using var gate = new ExecutionGate(new ExecutionGateOptions { MaxConcurrent = 1 });
        var held = await gate.EnterAsync("A", CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = gate.EnterAsync("B", cancel.Token).AsTask();
        var next = gate.EnterAsync("C", CancellationToken.None).AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Deadline));
        Assert.Equal(1, gate.Statistics!.CurrentQueuedCount);
        held!.Dispose();
        using var turn = await next.WaitAsync(Deadline);
        Assert.True(turn!.IsAcquired);
        Assert.Equal(0, gate.Statistics.CurrentAvailablePermits);
    }
}
