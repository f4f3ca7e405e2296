using System.Text.Json;

namespace DqPlatform.GraphQL.WebSockets;

/// <summary>Who a socket's <c>connection_init</c> names, as the product serving the schema decides it.</summary>
public interface IWebSocketAuthentication
{
    /// <summary>The caller the init payload's credentials stand for, or null to refuse the socket (4403 Forbidden).</summary>
    ValueTask<IWebSocketCaller?> AuthenticateAsync(JsonElement initPayload, CancellationToken cancellationToken);
}
