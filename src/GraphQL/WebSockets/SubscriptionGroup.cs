using System.Text;
using GraphQL;
using Microsoft.Extensions.Logging;

namespace DqPlatform.GraphQL.WebSockets;

/// <summary>
/// The members of one <see cref="GroupKey"/> and the stream that feeds them: each event is serialized once and the
/// bytes handed to every member (see <see cref="SubscriptionGroups"/>).
/// </summary>
internal sealed partial class SubscriptionGroup(SubscriptionGroups owner, GroupKey key) : IObserver<ExecutionResult>
{
    private const int ParallelFrom = 512;

    // Copy-on-write under the owner's lock, so an event walks a stable array without locking.
    private ISubscriptionMember[] _members = [];
    private IDisposable? _subscription;
    private readonly Lock _streamGate = new();
    private IAsyncDisposable? _scope;
    private bool _started;

    public GroupKey Key { get; } = key;

    public void Add(ISubscriptionMember member) => _members = [.. _members, member];

    /// <returns>Whether the group is now empty.</returns>
    public bool Remove(ISubscriptionMember member)
    {
        _members = Array.FindAll(_members, m => !ReferenceEquals(m, member));
        return _members.Length == 0;
    }

    /// <returns>Whether this stream (and its scope) now feeds the group.</returns>
    public bool Start(IObservable<ExecutionResult> stream, IAsyncDisposable scope)
    {
        lock (_streamGate)
        {
            if (_started)
            {
                return false;
            }

            _subscription = stream.Subscribe(this);
            _started = true;
            _scope = scope;
            return true;
        }
    }

    public void Stop()
    {
        lock (_streamGate)
        {
            _subscription?.Dispose();
            _subscription = null;
            _ = _scope?.DisposeAsync();
            _scope = null;
        }
    }

    // Never throws: GraphQL.NET would stop the stream for every member.
    public void OnNext(ExecutionResult value)
    {
        try
        {
            Deliver(Encoding.UTF8.GetBytes(owner.Serializer.Serialize(value)));
        }
        catch (Exception e)
        {
            LogEventFailed(owner.Logger, e);
        }
    }

    private void Deliver(byte[] payload)
    {
        var members = _members;
        if (members.Length < ParallelFrom)
        {
            foreach (var member in members)
            {
                member.Next(payload);
            }

            return;
        }

        // Framing and queueing a message on each socket is what a large fan-out costs, so a large group uses
        // every core. This returns once every member has its frame queued; the next event queues behind it.
        var partitions = Environment.ProcessorCount;
        Parallel.For(0, partitions, p =>
        {
            for (int i = p * members.Length / partitions, end = (p + 1) * members.Length / partitions; i < end; i++)
            {
                members[i].Next(payload);
            }
        });
    }

    public void OnError(Exception error)
    {
        LogEventFailed(owner.Logger, error);
        foreach (var member in _members)
        {
            member.Error();
        }

        owner.End(this);
    }

    public void OnCompleted()
    {
        foreach (var member in _members)
        {
            member.Complete();
        }

        owner.End(this);
    }

    [LoggerMessage(LogLevel.Warning, "A shared subscription stream failed to render or deliver an event.")]
    private static partial void LogEventFailed(ILogger logger, Exception exception);
}
