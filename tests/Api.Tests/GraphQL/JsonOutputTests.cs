using System.Text;
using System.Text.Json;
using DqPlatform.Domain.Checks;

namespace DqPlatform.Api.Tests.GraphQL;

/// <summary>
/// Answers are JSON as clients expect it: safe characters as themselves, only what JSON requires escaped, exact decimals
/// without trailing zeros, one timestamp shape.
/// </summary>
public sealed class JsonOutputTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    private const string Name = "a+b it's <b>&\"q\"\n é";

    // Issue 27, item 8: timestamps had 4 to 7 fraction digits and the value's offset; now one shape, UTC.
    private const string Timestamp = @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$";

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
        Assert.Matches(Timestamp.Replace("^", "\"createdAt\":\"", StringComparison.Ordinal).Replace("$", "\"", StringComparison.Ordinal), raw);
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

    // Issue 27, item 8: decimals carried their column's scale (7.1000000000000000) and lost digits in JavaScript.
    [Theory]
    [InlineData("{ checkResults(order: [{sensorValue: ASC}]) { nodes { sensorValue executedAt } } }")]
    [InlineData("{ checkDefinitions { nodes { results(order: [{sensorValue: ASC}]) { nodes { sensorValue executedAt } } } } }")]
    public async Task Decimals_AreExactStringsWithoutTrailingZeros_AndTimestampsHaveOneShape(string query)
    {
        var tenant = await TestTenant.CreateAsync(api);
        var check = (await GraphSeed.ChecksWithoutResultsAsync(api, tenant, 1))[0];
        var at = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
        await using (var db = api.Database.CreateDqContext())
        {
            db.CheckResults.AddRange(
                new CheckResult { CheckId = check.Id, ExecutedAt = at, RulePassed = true, SensorValue = 7.1000000000000000m },
                new CheckResult { CheckId = check.Id, ExecutedAt = at.AddTicks(1_234_560), RulePassed = true, SensorValue = 12345678901234567.89m },
                new CheckResult { CheckId = check.Id, ExecutedAt = at.AddSeconds(2), RulePassed = true, SensorValue = 200.000m });
            await db.SaveChangesAsync();
        }

        var response = await PostAsync(api.CreateClient(), tenant.ApiKey, query);
        var raw = await response.Content.ReadAsStringAsync();
        var data = JsonDocument.Parse(raw).RootElement.GetProperty("data");
        var nodes = (data.TryGetProperty("checkResults", out var list) ? list : data.GetProperty("checkDefinitions").GetProperty("nodes")[0].GetProperty("results")).GetProperty("nodes");

        Assert.Equal(["7.1", "200", "12345678901234567.89"], nodes.EnumerateArray().Select(n => n.GetProperty("sensorValue").GetString()));
        Assert.Equal(["2026-12-07T10:00:00.000000Z", "2026-12-07T10:00:02.000000Z", "2026-12-07T10:00:00.123456Z"],
            nodes.EnumerateArray().Select(n => n.GetProperty("executedAt").GetString()));
        Assert.DoesNotContain("000\"", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecimalFilters_TakeStringsAndNumbers()
    {
        var tenant = await TestTenant.CreateAsync(api);
        await GraphSeed.ChecksWithIncidentsAsync(api, tenant, 10);
        var client = api.GraphQL(tenant.ApiKey);

        var data = await client.DataAsync("query($v: Decimal) { text: checkResults(where: {sensorValue: {gte: \"7.5\"}}) { totalCount } number: checkResults(where: {sensorValue: {gte: 7.5}}) { totalCount } variable: checkResults(where: {sensorValue: {gte: $v}}) { totalCount } }",
            new { v = "7.5" });

        Assert.Equal([2, 2, 2], new[] { "text", "number", "variable" }.Select(k => data.GetProperty(k).GetProperty("totalCount").GetInt32()));
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
