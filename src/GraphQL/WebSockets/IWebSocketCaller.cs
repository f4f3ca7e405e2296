namespace DqPlatform.GraphQL.WebSockets;

/// <summary>The authenticated caller of one socket; every operation of the socket executes as this caller.</summary>
public interface IWebSocketCaller
{
    /// <summary>
    /// Who sees the same events rendered the same way (compared with <see cref="object.Equals(object)"/>): subscriptions
    /// of equal audiences with the same request share one execution (<see cref="SubscriptionGroups"/>).
    /// </summary>
    object Audience { get; }

    /// <summary>
    /// The shares of the node this caller's sockets and operations count against (<see cref="SocketAdmission"/>), such
    /// as its key and its workspace: a socket past one partition's socket limit is closed, an operation past one's
    /// operation limit refused.
    /// </summary>
    IReadOnlyList<SocketPartition> Partitions { get; }

    /// <summary>
    /// Spends the caller's request budget on one operation (a socket's operations count like HTTP requests): null when
    /// admitted, else the refusal's message (answered as that operation's <c>error</c>, code <c>RATE_LIMITED</c>).
    /// </summary>
    string? SpendRequest();

    /// <summary>Makes this the caller of an operation's own DI scope, before the operation executes in it.</summary>
    void Enter(IServiceProvider operationServices);

    /// <summary>Calls <paramref name="revoked"/> once the caller's credentials stop working. Dispose to stop watching.</summary>
    IDisposable Watch(Action revoked);
}
