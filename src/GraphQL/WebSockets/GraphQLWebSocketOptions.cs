namespace DqPlatform.GraphQL.WebSockets;

/// <summary>The settings of <see cref="GraphQLWebSocketSession"/>s, bound by the host.</summary>
public sealed class GraphQLWebSocketOptions
{
    public TimeSpan InitTimeout { get; set; } = TimeSpan.FromSeconds(3);
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>Messages a socket may have waiting to be sent; a client further behind is dropped.</summary>
    public int MaxQueuedMessages { get; set; } = 1000;

    /// <summary>How long a close may wait behind queued messages before the socket is dropped.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Operations one socket may hold at once (subscriptions, and queries while they run); one more is answered with an
    /// <c>error</c> message (<c>TOO_MANY_OPERATIONS</c>) and the socket stays open. 0 for no limit.
    /// </summary>
    public int MaxOperationsPerSocket { get; set; } = 100;

    /// <summary>
    /// Messages a client may send per second over time (a token bucket per socket, <see cref="MessageBurst"/> deep);
    /// a client sending faster is closed with 1008. 0 for no limit.
    /// </summary>
    public int MaxMessagesPerSecond { get; set; } = 50;

    /// <summary>Messages a client may send at once: enough for an init and a full socket of subscribes.</summary>
    public int MessageBurst { get; set; } = 200;
}
