using System.Text;
using System.Text.Json;

namespace DqPlatform.Api.Tests.GraphQL;

/// <summary>Answers are JSON as clients expect it: safe characters as themselves, only what JSON requires escaped.</summary>
public sealed class JsonOutputTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    private const string Name = "a+b it's <b>&\"q\"\n é";

    [Theory]
    [InlineData("mutation($n: String!) { createConnection(input: {name: $n, type: BIGQUERY, config: {project: \"p\"}}) { name createdAt } }")]
    [InlineData("{ connections { nodes { name createdAt } } }")]
    public async Task Answer_WritesSafeCharactersAsThemselves_AndSaysItIsOnlyJson(string query)
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.CreateClient();
        if (!query.StartsWith("mutation", StringComparison.Ordinal))
        {
            await PostAsync(client, tenant.ApiKey, "mutation($n: String!) { createConnection(input: {name: $n, type: BIGQUERY, config: {project: \"p\"}}) { id } }");
        }

        var response = await PostAsync(client, tenant.ApiKey, query);
        var raw = await response.Content.ReadAsStringAsync();

        Assert.Contains("a+b it's <b>&\\\"q\\\"\\n é", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", raw, StringComparison.Ordinal);
        Assert.Matches("\"createdAt\":\"[0-9T:.-]+\\+00:00\"", raw);
        Assert.Equal(Name, JsonDocument.Parse(raw).RootElement.GetProperty("data").EnumerateObject().First().Value is { ValueKind: JsonValueKind.Object } o
            ? (o.TryGetProperty("name", out var n) ? n : o.GetProperty("nodes")[0].GetProperty("name")).GetString()
            : null);
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    [InlineData(null)]
    public async Task Answer_IsCompressed_WhenTheClientAcceptsIt(string? encoding)
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.CreateClient();
        if (encoding is not null)
        {
            client.DefaultRequestHeaders.AcceptEncoding.ParseAdd(encoding);
        }

        var response = await PostAsync(client, tenant.ApiKey, "{ __schema { types { name fields { name } } } }");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(encoding is null ? "" : encoding, string.Join(",", response.Content.Headers.ContentEncoding));
        using Stream body = encoding switch
        {
            "br" => new System.IO.Compression.BrotliStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress),
            "gzip" => new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress),
            _ => new MemoryStream(bytes),
        };
        using var answer = await JsonDocument.ParseAsync(body);
        Assert.Equal("Query", answer.RootElement.GetProperty("data").GetProperty("__schema").GetProperty("types").EnumerateArray()
            .Select(t => t.GetProperty("name").GetString()).First(n => n == "Query"));
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string key, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query, variables = new { n = Name } }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return response;
    }
}
