using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.GraphQL.WebSockets;

/// <summary>One operation of a <see cref="GraphQLWebSocketSession"/>: its DI scope and what to dispose when it ends.</summary>
internal sealed class SessionOperation(string id, AsyncServiceScope scope) : IDisposable
{
    public string Id { get; } = id;

    private readonly List<IDisposable> _subscriptions = [];
    private bool _scopeHandedOver;

    public AsyncServiceScope Scope { get; } = scope;

    /// <summary>The scope the operation's stream executes in, now owned by whoever runs the stream.</summary>
    public IAsyncDisposable HandOverScope()
    {
        _scopeHandedOver = true;
        return Scope;
    }

    public void Add(IDisposable subscription)
    {
        lock (_subscriptions)
        {
            _subscriptions.Add(subscription);
        }
    }

    public void Dispose()
    {
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
            _subscriptions.Clear();
        }

        if (!_scopeHandedOver)
        {
            _ = Scope.DisposeAsync();
        }
    }
}
