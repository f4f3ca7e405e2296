using System.Text.Json;
using DqPlatform.Api.Auth;
using DqPlatform.GraphQL.WebSockets;
using Microsoft.Extensions.Options;

namespace DqPlatform.Api.Live;

/// <summary>
/// A socket's caller: the API key or identity provider token its <c>connection_init</c> payload carries, and for a
/// token the workspace it names (<c>workspace</c>, as the <c>X-Dqp-Workspace</c> header over HTTP).
/// </summary>
public sealed class LiveAuthentication(
    CallerAuthentication authentication, LiveKeyWatch keyWatch, IOptions<LiveOptions> options, Hosting.RateLimitBudgets budgets)
    : IWebSocketAuthentication
{
    public async ValueTask<IWebSocketCaller?> AuthenticateAsync(JsonElement initPayload, CancellationToken cancellationToken)
    {
        if (BearerFrom(initPayload) is not { Length: > 0 } bearer)
        {
            return null;
        }

        var outcome = await authentication.AuthenticateAsync(bearer, StringOf(initPayload, "workspace"), cancellationToken);
        if (outcome.Caller is not { } caller)
        {
            return null;
        }

        // The socket is watched in the workspace it entered: losing that membership closes it, even if the user keeps another.
        var credential = LiveKeyWatch.Credential(bearer, caller.ApiKeyId is null && caller.HasWorkspace ? caller.WorkspaceId : null);
        return new LiveCaller(caller, credential, keyWatch, options.Value, budgets);
    }

    // { "authorization": "Bearer …" } as graphql-ws clients send headers, or { "apiKey": "dqp_…" } / { "token": "…" }.
    private static string? BearerFrom(JsonElement payload)
    {
        var value = StringOf(payload, "authorization") ?? StringOf(payload, "apiKey") ?? StringOf(payload, "token");
        if (value is null)
        {
            return null;
        }

        value = value.Trim();
        return value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? value[7..].Trim() : value;
    }

    private static string? StringOf(JsonElement payload, string name)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in payload.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String && property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.GetString();
            }
        }

        return null;
    }
}
