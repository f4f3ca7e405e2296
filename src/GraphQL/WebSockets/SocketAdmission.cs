namespace DqPlatform.GraphQL.WebSockets;

/// <summary>
/// What each <see cref="SocketPartition"/> holds on this node (open sockets, operations) and whether it may take one
/// more. A grant is a lease that gives its share back on its first dispose only, so a socket or operation ended by
/// its client, its stream and its socket's close at once is released exactly once.
/// </summary>
/// <remarks>
/// One lock for the node: it is taken when a socket authenticates or an operation starts or ends, never on the path
/// that delivers events, and each grant checks every partition of a caller and counts them all or none.
/// </remarks>
public sealed class SocketAdmission
{
    private readonly Dictionary<string, Usage> _usage = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Admits one more socket of <paramref name="partitions"/>, or answers the partition at its limit.</summary>
    public SocketPartition? TryOpenSocket(IReadOnlyList<SocketPartition> partitions, out IDisposable? lease) =>
        TryTake(partitions, sockets: true, out lease);

    /// <summary>Admits one more operation of <paramref name="partitions"/>, or answers the partition at its limit.</summary>
    public SocketPartition? TryStartOperation(IReadOnlyList<SocketPartition> partitions, out IDisposable? lease) =>
        TryTake(partitions, sockets: false, out lease);

    /// <summary>What the partition <paramref name="id"/> holds now (diagnostics and tests).</summary>
    public (int Sockets, int Operations) UsageOf(string id)
    {
        lock (_gate)
        {
            return _usage.TryGetValue(id, out var usage) ? (usage.Sockets, usage.Operations) : (0, 0);
        }
    }

    /// <summary>Partitions holding anything (diagnostics and tests: 0 once every socket has closed).</summary>
    public int PartitionsInUse
    {
        get
        {
            lock (_gate)
            {
                return _usage.Count;
            }
        }
    }

    private SocketPartition? TryTake(IReadOnlyList<SocketPartition> partitions, bool sockets, out IDisposable? lease)
    {
        lease = null;
        lock (_gate)
        {
            foreach (var partition in partitions)
            {
                var limit = sockets ? partition.MaxSockets : partition.MaxOperations;
                if (limit > 0 && _usage.TryGetValue(partition.Id, out var usage) && (sockets ? usage.Sockets : usage.Operations) >= limit)
                {
                    return partition;
                }
            }

            foreach (var partition in partitions)
            {
                if (!_usage.TryGetValue(partition.Id, out var usage))
                {
                    _usage[partition.Id] = usage = new Usage();
                }

                usage.Add(sockets, 1);
            }
        }

        lease = new DisposeOnce(() => Release(partitions, sockets));
        return null;
    }

    private void Release(IReadOnlyList<SocketPartition> partitions, bool sockets)
    {
        lock (_gate)
        {
            foreach (var partition in partitions)
            {
                if (_usage.TryGetValue(partition.Id, out var usage) && usage.Add(sockets, -1))
                {
                    _usage.Remove(partition.Id);
                }
            }
        }
    }

    private sealed class Usage
    {
        public int Sockets;
        public int Operations;

        /// <returns>Whether the partition now holds nothing.</returns>
        public bool Add(bool sockets, int delta)
        {
            if (sockets)
            {
                Sockets += delta;
            }
            else
            {
                Operations += delta;
            }

            return Sockets == 0 && Operations == 0;
        }
    }
}
