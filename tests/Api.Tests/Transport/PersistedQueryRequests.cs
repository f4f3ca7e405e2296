using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DqPlatform.Api.Tests.Transport;

/// <summary>Requests as Apollo's links send them: documents by hash (automatic persisted queries) and batches.</summary>
internal static class PersistedQueryRequests
{
    public static string Sha256(string query) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(query)));

    /// <summary>A document no other test sends, so what one test registers in the shared Redis is not another's.</summary>
    public static string UniqueQuery(string selection = "workspace { name }") => $"query Q{Guid.NewGuid():N} {{ {selection} }}";

    public static object Extensions(string hash, int version = 1) => new { persistedQuery = new { version, sha256Hash = hash } };

    public static object HashOnly(string hash) => new { extensions = Extensions(hash) };

    public static object WithHash(string query, string? hash = null) => new { query, extensions = Extensions(hash ?? Sha256(query)) };

    public static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient http, string? apiKey, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(body) };
        return await ExchangeAsync(http, apiKey, request);
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient http, string? apiKey, string hash, string? operationName = null)
    {
        var extensions = Uri.EscapeDataString(JsonSerializer.Serialize(Extensions(hash)));
        var name = operationName is null ? "" : "&operationName=" + Uri.EscapeDataString(operationName);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/graphql?extensions={extensions}{name}");
        return await ExchangeAsync(http, apiKey, request);
    }

    private static async Task<(HttpStatusCode, JsonElement)> ExchangeAsync(HttpClient http, string? apiKey, HttpRequestMessage request)
    {
        // What Apollo Client's HttpLink accepts.
        request.Headers.Accept.ParseAdd("application/graphql-response+json,application/json;q=0.9");
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    public static string? Code(JsonElement result) =>
        result.TryGetProperty("errors", out var errors) ? errors[0].GetProperty("extensions").GetProperty("code").GetString() : null;
}
