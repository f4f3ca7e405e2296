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
}
