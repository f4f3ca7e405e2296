using System.Threading.RateLimiting;

namespace DqPlatform.GraphQL.Execution;

/// <summary>
/// The <see cref="ExecutionGate"/>'s bookkeeping under one lock: turns free, turns held per partition, and the queries
/// waiting, in a line per partition. A freed turn goes to the waiting partition below its cap with the fewest turns
/// held; among equals, the one served least recently (a partition moves to the back when served).
/// </summary>
internal sealed class FairTurns(int permits, int queueLimit, int partitionCap, int partitionQueueLimit, int sharedCap = int.MaxValue, TimeSpan? sharedWindow = null) : IDisposable
{
    private static readonly RateLimitLease Refused = new RefusedTurn();

    private readonly Lock sync = new();

    // Only partitions holding or awaiting a turn are kept: idle ones are forgotten, so keys do not pile up.
    private readonly Dictionary<string, Partition> partitions = new(StringComparer.Ordinal);
    private readonly Partition unattributed = new(null);
    private readonly LinkedList<Partition> waitingPartitions = new();
    private readonly int permits = permits;

    // When another partition entered within the window (a second by default), a partition's cap is the (smaller) shared
    // cap: a tenant alone may use its full share, a tenant beside others leaves them a fair share of the cores too.
    private readonly long sharedWindow = (long)((sharedWindow ?? TimeSpan.FromSeconds(1)).TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
    private string? lastEntered;
    private bool anyEntered;
    private long lastMixed = long.MinValue / 2;
    private int available = permits;
    private int queued;
    private long granted;
    private long refused;
    private bool disposed;

    /// <summary>A turn at once, a refusal at once, or (lease null) a place in line to wait on with <see cref="WaitAsync"/>.</summary>
    public (RateLimitLease? Lease, Waiter? Waiter) Enter(string? key)
    {
        lock (sync)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            var partition = key is null ? unattributed : PartitionOf(key);
            if (!anyEntered)
            {
                (anyEntered, lastEntered) = (true, key);
            }
            else if (!string.Equals(key, lastEntered, StringComparison.Ordinal))
            {
                lastEntered = key;
                lastMixed = System.Diagnostics.Stopwatch.GetTimestamp();
            }

            if (available > 0 && partition.Running < CapOf(partition) && partition.Waiting.Count == 0)
            {
                return (Grant(partition), null);
            }

            // A partition with nothing waiting always gets a place, so partitions that filled the line cannot shut the
            // others out (the line may hold one more than its limit per partition).
            if ((queued >= queueLimit && partition.Waiting.Count > 0) || (key is not null && partition.Waiting.Count >= partitionQueueLimit))
            {
                refused++;
                ForgetIfIdle(partition);
                return (Refused, null);
            }

            var waiter = new Waiter(this, partition);
            waiter.Node = partition.Waiting.AddLast(waiter);
            partition.InLine ??= waitingPartitions.AddLast(partition);
            queued++;
            return (null, waiter);
        }
    }

    /// <summary>The turn a waiter is given; cancelled, it leaves the line (and throws).</summary>
    public async Task<RateLimitLease> WaitAsync(Waiter waiter, CancellationToken cancellationToken)
    {
        using (cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).Cancel(token), waiter))
        {
            return await waiter.Turn.Task;
        }
    }

    public RateLimiterStatistics Statistics()
    {
        lock (sync)
        {
            return new RateLimiterStatistics { CurrentAvailablePermits = available, CurrentQueuedCount = queued, TotalSuccessfulLeases = granted, TotalFailedLeases = refused };
        }
    }

    public void Dispose()
    {
        List<Waiter> left = [];
        lock (sync)
        {
            disposed = true;
            foreach (var partition in waitingPartitions)
            {
                left.AddRange(partition.Waiting);
                partition.Waiting.Clear();
            }

            waitingPartitions.Clear();
            queued = 0;
        }

        left.ForEach(w => w.Turn.TrySetResult(Refused));
    }

    private int CapOf(Partition partition) => partition.Key is null
        ? permits
        : System.Diagnostics.Stopwatch.GetTimestamp() - lastMixed < sharedWindow ? Math.Min(sharedCap, partitionCap) : partitionCap;

    private Partition PartitionOf(string key)
    {
        if (!partitions.TryGetValue(key, out var partition))
        {
            partitions[key] = partition = new Partition(key);
        }

        return partition;
    }

    private Turn Grant(Partition partition)
    {
        partition.Running++;
        available--;
        granted++;
        return new Turn(this, partition);
    }

    private void Release(Partition partition)
    {
        lock (sync)
        {
            partition.Running--;
            available++;
            while (available > 0 && NextInLine() is { } next)
            {
                var waiter = next.Waiting.First!.Value;
                Dequeue(waiter);
                // Served: to the back among partitions still waiting.
                if (next.InLine is { } place)
                {
                    waitingPartitions.Remove(place);
                    waitingPartitions.AddLast(place);
                }

                // Continuations run asynchronously, never under this lock.
                waiter.Turn.TrySetResult(Grant(next));
            }

            ForgetIfIdle(partition);
        }
    }

    // Few partitions wait at once (a node's tenants under load), so a scan is cheaper than keeping them ordered.
    private Partition? NextInLine()
    {
        Partition? next = null;
        for (var place = waitingPartitions.First; place is not null; place = place.Next)
        {
            var partition = place.Value;
            if (partition.Running < CapOf(partition) && (next is null || partition.Running < next.Running))
            {
                next = partition;
            }
        }

        return next;
    }

    internal void Cancel(Waiter waiter, CancellationToken token)
    {
        lock (sync)
        {
            if (waiter.Node is null)
            {
                return; // already given its turn (which its caller releases as it unwinds)
            }

            Dequeue(waiter);
            ForgetIfIdle(waiter.Partition);
        }

        waiter.Turn.TrySetCanceled(token);
    }

    private void Dequeue(Waiter waiter)
    {
        var partition = waiter.Partition;
        partition.Waiting.Remove(waiter.Node!);
        waiter.Node = null;
        queued--;
        if (partition.Waiting.Count == 0 && partition.InLine is { } place)
        {
            waitingPartitions.Remove(place);
            partition.InLine = null;
        }
    }

    private void ForgetIfIdle(Partition partition)
    {
        if (partition.Key is { } key && partition.Running == 0 && partition.Waiting.Count == 0)
        {
            partitions.Remove(key);
        }
    }

    internal sealed class Partition(string? key)
    {
        public string? Key { get; } = key;

        public int Running { get; set; }

        public LinkedList<Waiter> Waiting { get; } = new();

        /// <summary>Its place among the partitions waiting; null when none of its queries waits.</summary>
        public LinkedListNode<Partition>? InLine { get; set; }
    }

    internal sealed class Waiter(FairTurns turns, Partition partition)
    {
        public Partition Partition { get; } = partition;

        public void Cancel(CancellationToken token) => turns.Cancel(this, token);

        public TaskCompletionSource<RateLimitLease> Turn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Its place in its partition's line; null once it left it.</summary>
        public LinkedListNode<Waiter>? Node { get; set; }
    }

    private sealed class Turn(FairTurns turns, Partition partition) : RateLimitLease
    {
        private int released;

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                turns.Release(partition);
            }
        }
    }

    private sealed class RefusedTurn : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
