using System.Net.WebSockets;
using System.Text.Json;

namespace DqPlatform.GraphQL.WebSockets;

/// <summary>
/// How a session answers a client past a limit, chosen against graphql-ws's client (its <c>shouldRetryConnectOrThrow</c>):
/// a socket over its partition's share closes with 1013 Try Again Later, which the client retries with its randomised
/// exponential backoff (a screen may fit once another socket of its key or workspace has closed); a client flooding
/// messages closes with 1008 Policy Violation, which the client treats as fatal, since reconnecting would flood again.
/// An operation over a limit is refused on its own with an <c>error</c> message; the socket and its other operations go on.
/// </summary>
public static class SocketRefusals
{
    /// <summary>Close code of a socket over its key's or workspace's socket limit: retried by clients.</summary>
    public const WebSocketCloseStatus TooManySockets = (WebSocketCloseStatus)1013;

    /// <summary>Close code of a client sending more messages than its bucket allows: not retried by clients.</summary>
    public const WebSocketCloseStatus TooManyMessages = WebSocketCloseStatus.PolicyViolation;

    /// <summary>The <c>extensions.code</c> of an operation refused past the socket's or a partition's operation limit.</summary>
    public const string TooManyOperations = "TOO_MANY_OPERATIONS";

    /// <summary>The <c>extensions.code</c> of an operation refused because its caller's request budget ran out.</summary>
    public const string RateLimited = "RATE_LIMITED";

    /// <summary>An <c>error</c> message for operation <paramref name="id"/> refused by the caller's request budget.</summary>
    internal static string OperationRateLimited(string id, string message) =>
        JsonSerializer.Serialize(new
        {
            id,
            type = "error",
            payload = new[] { new { message, extensions = new { code = RateLimited } } },
        });

    /// <summary>
    /// An <c>error</c> message for operation <paramref name="id"/>: the limit and what it is per (<c>socket</c>, or the
    /// partition's kind), so a client can tell its own socket's limit from its workspace's.
    /// </summary>
    internal static string OperationRefused(string id, int limit, string per) =>
        JsonSerializer.Serialize(new
        {
            id,
            type = "error",
            payload = new[]
            {
                new
                {
                    message = $"Too many operations: at most {limit} per {per} on this node. Complete one before subscribing again.",
                    extensions = new { code = TooManyOperations, limit, per },
                },
            },
        });
}
