namespace DqPlatform.Api.Auth;

/// <summary>The API key a request presents as <c>Authorization: Bearer dqp_…</c>.</summary>
public static class BearerTokens
{
    public static string? From(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}
