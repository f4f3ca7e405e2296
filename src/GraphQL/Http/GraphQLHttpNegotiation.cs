using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace DqPlatform.GraphQL.Http;

/// <summary>The media types of GraphQL over HTTP: which response type a client accepts, and which request bodies are JSON.</summary>
internal static class GraphQLHttpNegotiation
{
    public const string GraphQLResponseJson = "application/graphql-response+json";

    /// <summary>The response's media type, or null when the client accepts neither JSON type (406).</summary>
    public static string? MediaType(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count == 0)
        {
            return "application/json";
        }

        foreach (var candidate in accept.OrderByDescending(a => a.Quality ?? 1))
        {
            var type = candidate.MediaType.Value;
            if (string.Equals(type, GraphQLResponseJson, StringComparison.OrdinalIgnoreCase))
            {
                return GraphQLResponseJson;
            }

            if (string.Equals(type, "application/json", StringComparison.OrdinalIgnoreCase) || type is "*/*" or "application/*")
            {
                return "application/json";
            }
        }

        return null;
    }

    public static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && string.Equals(parsed.MediaType.Value, "application/json", StringComparison.OrdinalIgnoreCase)
        && (parsed.Charset.Value is null || string.Equals(parsed.Charset.Value, "utf-8", StringComparison.OrdinalIgnoreCase));
}
