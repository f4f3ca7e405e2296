using System.Text;
using DqPlatform.Domain.Tenancy;
using GraphQL;

namespace DqPlatform.Api.Live;

/// <summary>
/// Subscriptions that would send the same messages share one execution. Sockets of one workspace, with the same
/// scopes, subscribing with the same document, operation name and variables get the same events rendered the same
/// way, so each event's selection is executed and serialized once and the bytes written to every member's socket —
/// an on-call screen open 5,000 times costs one execution per event, not 5,000.
/// </summary>
/// <remarks>
/// Sound because the event types' fields read only the event, never the caller; a field that read the caller would
/// have to join <see cref="GroupKey"/>. Each member still executed (validated and authorized) its own request when
/// it subscribed; only the stream is shared.
/// </remarks>
public sealed partial class SubscriptionGroups(IGraphQLTextSerializer serializer, ILogger<SubscriptionGroups> logger)
{
    private const int ParallelFrom = 512;
    private readonly IGraphQLTextSerializer _serializer = serializer;
    private readonly ILogger _logger = logger;
    private readonly Dictionary<GroupKey, Group> _groups = [];
    private readonly Lock _gate = new();

    /// <summary>The groups of one workspace (diagnostics and tests).</summary>
    public int CountIn(Guid workspaceId)
    {
        lock (_gate)
        {
            return _groups.Keys.Count(k => k.WorkspaceId == workspaceId);
        }
    }

    /// <summary>
    /// Adds <paramref name="member"/> to the group of <paramref name="key"/>. The first member's
    /// <paramref name="stream"/> feeds the group and the group keeps its <paramref name="streamScope"/> (the DI scope it
    /// executes in) until the last member leaves; a later member's stream is never subscribed and its scope disposed now.
    /// Dispose the answer to leave.
    /// </summary>
    public IDisposable Join(GroupKey key, IObservable<ExecutionResult> stream, IAsyncDisposable streamScope, ISubscriptionMember member)
    {
        Group group;
        lock (_gate)
        {
            if (!_groups.TryGetValue(key, out group!))
            {
                group = new Group(this, key);
                _groups.Add(key, group);
            }

            group.Add(member);
        }

        bool feeding;
        try
        {
            feeding = group.Start(stream, streamScope);
        }
        catch
        {
            Leave(group, member);
            _ = streamScope.DisposeAsync();
            throw;
        }

        if (!feeding)
        {
            _ = streamScope.DisposeAsync();
        }

        return new DisposeOnce(() => Leave(group, member));
    }

    // A stream that ended or failed sends nothing more: later subscribers must start a new group, not join this one.
    private void End(Group group)
    {
        lock (_gate)
        {
            if (_groups.TryGetValue(group.Key, out var current) && ReferenceEquals(current, group))
            {
                _groups.Remove(group.Key);
            }
        }

        group.Stop();
    }

    private void Leave(Group group, ISubscriptionMember member)
    {
        bool last;
        lock (_gate)
        {
            // An ended group is no longer listed; a new group may stand under its key.
            last = group.Remove(member) && _groups.TryGetValue(group.Key, out var current) && ReferenceEquals(current, group)
                && _groups.Remove(group.Key);
        }

        if (last)
        {
            group.Stop();
        }
    }

    private sealed class Group(SubscriptionGroups owner, GroupKey key) : IObserver<ExecutionResult>
    {
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
                Deliver(Encoding.UTF8.GetBytes(owner._serializer.Serialize(value)));
            }
            catch (Exception e)
            {
                LogEventFailed(owner._logger, e);
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
            LogEventFailed(owner._logger, error);
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
    }

    [LoggerMessage(LogLevel.Warning, "A shared subscription stream failed to render or deliver an event.")]
    private static partial void LogEventFailed(ILogger logger, Exception exception);
}

/// <summary>What makes two subscriptions send the same messages.</summary>
public sealed record GroupKey(Guid WorkspaceId, string Scopes, string Query, string? OperationName, string Variables)
{
    public static GroupKey Of(Caller caller, string query, string? operationName, string variables) =>
        new(caller.WorkspaceId, string.Join(' ', caller.Scopes.Order(StringComparer.Ordinal)), query, operationName, variables);
}

/// <summary>
/// One socket's operation in a group: it frames the shared payload with its own operation id. Calls must not throw;
/// a member that cannot send drops the message (its socket is being closed).
/// </summary>
public interface ISubscriptionMember
{
    void Next(byte[] payload);

    void Error();

    void Complete();
}
