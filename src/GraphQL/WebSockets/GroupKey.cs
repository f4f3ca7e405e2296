namespace DqPlatform.GraphQL.WebSockets;

/// <summary>
/// What makes two subscriptions send the same messages: the same document, operation name and variables, executed for
/// the same <paramref name="Audience"/> (<see cref="IWebSocketCaller.Audience"/>: callers who see the same events
/// rendered the same way).
/// </summary>
public sealed record GroupKey(object Audience, string Query, string? OperationName, string Variables);
