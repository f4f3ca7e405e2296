using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using static DqPlatform.Api.Tests.Transport.PersistedQueryRequests;

namespace DqPlatform.Api.Tests.Transport;

/// <summary>Request batching as Apollo's BatchHttpLink sends it: a JSON array answers a JSON array, in order.</summary>
public sealed class RequestBatchingTests(DqApiFactory api) : IClassFixture<DqApiFactory>, IAsyncLifetime
{
    private TestTenant _tenant = null!;

    public async Task InitializeAsync() => _tenant = await TestTenant.CreateAsync(api);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Batch_AnswersAnArrayOfResults_InTheOrderSent()
    {
        var (status, body) = await PostAsync(api.CreateClient(), _tenant.ApiKey, new object[]
        {
            new { query = "{ organization { name } }" },
            new { query = "query Named { workspace { name } }", operationName = "Named" },
            new { query = "query($n: Int) { connections(first: $n) { totalCount } }", variables = new { n = 1 } },
        });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(JsonValueKind.Array, body.ValueKind);
        Assert.Equal(3, body.GetArrayLength());
        Assert.StartsWith("org-", body[0].GetProperty("data").GetProperty("organization").GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("ws-", body[1].GetProperty("data").GetProperty("workspace").GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, body[2].GetProperty("data").GetProperty("connections").GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task Batch_RunsMutationsInOrder_EachEntrySeeingTheOnesBefore()
    {
        const string count = "{ connections { totalCount } }";
        static object Create(string name) => new { query = $"mutation {{ createConnection(input: {{name: \"{name}\", type: POSTGRESQL, config: {{host: \"db.internal\"}}}}) {{ name }} }}" };
        var tenant = await TestTenant.CreateAsync(api);

        var (_, body) = await PostAsync(api.CreateClient(), tenant.ApiKey, new[]
        {
            new { query = count }, Create("first"), new { query = count }, Create("second"), new { query = count },
        });

        var counts = new[] { 0, 2, 4 }.Select(i => body[i].GetProperty("data").GetProperty("connections").GetProperty("totalCount").GetInt32());
        Assert.Equal([0, 1, 2], counts);
        Assert.Equal("first", body[1].GetProperty("data").GetProperty("createConnection").GetProperty("name").GetString());
        Assert.Equal("second", body[3].GetProperty("data").GetProperty("createConnection").GetProperty("name").GetString());
        // Each entry ran as the request's key, audited as such.
        await using var db = api.Database.CreateDqContext();
        var actors = await db.AuditLog.AsNoTracking().Where(a => a.WorkspaceId == tenant.WorkspaceId && a.EntityType == "connection").Select(a => a.ApiKeyId).ToListAsync();
        Assert.Equal([tenant.ApiKeyId, tenant.ApiKeyId], actors);
    }

    [Fact]
    public async Task Batch_EachEntryAnswersForItself_ParsedPricedAndLookedUpOnItsOwn()
    {
        const string costly = "{ checkDefinitions(first: 100) { nodes { results(first: 100) { nodes { check { incidents(first: 100) { nodes { id } } } } } } } }";
        var (status, body) = await PostAsync(api.CreateClient(), _tenant.ApiKey, new object[]
        {
            new { query = "{ workspace { name } }" },
            new { query = "{ workspace { name }" },
            new { query = costly },
            HashOnly(Sha256(UniqueQuery())),
            new { query = "{ __typename }" },
        });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([null, "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "PERSISTED_QUERY_NOT_FOUND", null], body.EnumerateArray().Select(Code));
        Assert.Equal("Query", body[4].GetProperty("data").GetProperty("__typename").GetString());
    }

    [Fact]
    public async Task Batch_LongerThanTheLimit_AnswersBatchTooLarge()
    {
        var batch = Enumerable.Repeat(new { query = "{ __typename }" }, 21).ToArray();

        var (status, body) = await PostAsync(api.CreateClient(), _tenant.ApiKey, batch);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("BATCH_TOO_LARGE", Code(body));
        Assert.Equal(20, (await PostAsync(api.CreateClient(), _tenant.ApiKey, batch[..20])).Body.GetArrayLength());
    }

    [Theory]
    [InlineData("[]", "A batch holds at least one operation.")]
    [InlineData("[{\"query\": \"{ __typename }\"}, 42]", "Batch entry 1: must be a JSON object")]
    [InlineData("[{\"query\": \"{ __typename }\"}, {\"query\": 7}]", "Batch entry 1: The 'query' parameter must be a string.")]
    public async Task MalformedBatch_Answers400_NamingTheEntry(string json, string message)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        using var response = await api.CreateClient().SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BAD_REQUEST", Code(body));
        Assert.StartsWith(message, body.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
