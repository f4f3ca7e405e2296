using System.Text;
using GraphQL;
using Microsoft.Extensions.Logging;

namespace DqPlatform.GraphQL.WebSockets;

/// <summary>
/// Subscriptions that would send the same messages share one execution. Sockets of one audience (the host's notion:
/// callers who see the same events rendered the same way) subscribing with the same document, operation name and
/// variables get the same events rendered the same way, so each event's selection is executed and serialized once and
/// the bytes written to every member's socket — an on-call screen open 5,000 times costs one execution per event, not
/// 5,000.
/// </summary>
/// <remarks>
/// Sound as long as the event types' fields read only the event and what the audience fixes, never the caller; a field
/// that read more would have to join the <see cref="GroupKey"/>'s audience. Each member still executed (validated and
/// authorized) its own request when it subscribed; only the stream is shared.
/// </remarks>
public sealed partial class SubscriptionGroups(IGraphQLTextSerializer serializer, ILogger<SubscriptionGroups> logger)
{
    private readonly Dictionary<GroupKey, SubscriptionGroup> _groups = [];
    private readonly Lock _gate = new();

    internal IGraphQLTextSerializer Serializer { get; } = serializer;

    internal ILogger Logger { get; } = logger;

    /// <summary>The groups whose key matches (diagnostics and tests).</summary>
    public int Count(Func<GroupKey, bool> predicate)
    {
        lock (_gate)
        {
            return _groups.Keys.Count(predicate);
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
        SubscriptionGroup group;
        lock (_gate)
        {
            if (!_groups.TryGetValue(key, out group!))
            {
                group = new SubscriptionGroup(this, key);
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

        Telemetry.GraphQLInstruments.AddSubscriptions(1);
        return new DisposeOnce(() =>
        {
            Telemetry.GraphQLInstruments.AddSubscriptions(-1);
            Leave(group, member);
        });
    }

    // A stream that ended or failed sends nothing more: later subscribers must start a new group, not join this one.
    internal void End(SubscriptionGroup group)
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

    private void Leave(SubscriptionGroup group, ISubscriptionMember member)
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
}
