using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.GraphQL.WebSockets;

/// <summary>
/// One operation of a <see cref="GraphQLWebSocketSession"/>: its DI scope and what to dispose when it ends (its group
/// membership, its share of the socket's partitions).
/// </summary>
internal sealed class SessionOperation(string id, AsyncServiceScope scope) : IDisposable
{
    public string Id { get; } = id;

    private readonly List<IDisposable> _subscriptions = [];
    private bool _scopeHandedOver;
    private bool _disposed;
    private volatile bool _cancelled;

    public AsyncServiceScope Scope { get; } = scope;

    /// <summary>Whether the client completed the operation: its messages still queued are dropped (it may reuse the id).</summary>
    public bool Cancelled => _cancelled;

    /// <summary>The scope the operation's stream executes in, now owned by whoever runs the stream.</summary>
    public IAsyncDisposable HandOverScope()
    {
        _scopeHandedOver = true;
        return Scope;
    }

    /// <summary>Disposed with the operation; at once if the operation already ended (a stream that ended as it started).</summary>
    public void Add(IDisposable subscription)
    {
        lock (_subscriptions)
        {
            if (!_disposed)
            {
                _subscriptions.Add(subscription);
                return;
            }
        }

        subscription.Dispose();
    }

    /// <summary>The client completed the operation.</summary>
    public void Cancel()
    {
        _cancelled = true;
        Dispose();
    }

    public void Dispose()
    {
        lock (_subscriptions)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _subscriptions.ForEach(s => s.Dispose());
            _subscriptions.Clear();
        }

        if (!_scopeHandedOver)
        {
            _ = Scope.DisposeAsync();
        }
    }
}
