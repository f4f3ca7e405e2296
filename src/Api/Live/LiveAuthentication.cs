using System.Text.Json;
using DqPlatform.GraphQL.WebSockets;
using DqPlatform.Infrastructure.Security;
using Microsoft.Extensions.Options;

namespace DqPlatform.Api.Live;

/// <summary>A socket's caller: the API key its <c>connection_init</c> payload carries.</summary>
public sealed class LiveAuthentication(
    ApiKeyAuthenticator authenticator, LiveKeyWatch keyWatch, IOptions<LiveOptions> options, Hosting.RateLimitBudgets budgets)
    : IWebSocketAuthentication
{
    public async ValueTask<IWebSocketCaller?> AuthenticateAsync(JsonElement initPayload, CancellationToken cancellationToken)
    {
        var key = KeyFrom(initPayload);
        var caller = key is null ? null : await authenticator.AuthenticateAsync(key, cancellationToken);
        return caller is null ? null : new LiveCaller(caller, key!, keyWatch, options.Value, budgets);
    }

    // { "authorization": "Bearer dqp_…" } as graphql-ws clients send headers, or { "apiKey": "dqp_…" }.
    private static string? KeyFrom(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in payload.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String
                && (property.Name.Equals("authorization", StringComparison.OrdinalIgnoreCase) || property.Name.Equals("apiKey", StringComparison.OrdinalIgnoreCase)))
            {
                var value = property.Value.GetString()!.Trim();
                return value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? value[7..].Trim() : value;
            }
        }

        return null;
    }
}
