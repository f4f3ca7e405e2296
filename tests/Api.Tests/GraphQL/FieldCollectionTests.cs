using System.Text.Json;

namespace DqPlatform.Api.Tests.GraphQL;

/// <summary>
/// Fields are collected once per parsed document and object type and reused by later requests: what varies between
/// requests of one document (directive variables) must still be honoured, and fragments must still merge per type.
/// </summary>
public sealed class FieldCollectionTests(DqApiFactory api) : IClassFixture<DqApiFactory>, IAsyncLifetime
{
    private TestTenant _tenant = null!;

    public async Task InitializeAsync()
    {
        _tenant = await TestTenant.CreateAsync(api);
        await GraphSeed.ChecksWithIncidentsAsync(api, _tenant, 3);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task SameDocument_DirectiveVariablesDecideEachRequest()
    {
        const string query = """
            query($withCheck: Boolean!, $skipCount: Boolean!) { incidents(first: 3) { nodes {
              id failureCount @skip(if: $skipCount) check @include(if: $withCheck) { name } } } }
            """;
        var client = api.GraphQL(_tenant.ApiKey);
        for (var round = 0; round < 2; round++)
        {
            var with = Nodes(await client.SendAsync(query, new { withCheck = true, skipCount = false }));
            var without = Nodes(await client.SendAsync(query, new { withCheck = false, skipCount = true }));

            Assert.All(with, n => Assert.True(n.TryGetProperty("check", out _) && n.TryGetProperty("failureCount", out _)));
            Assert.All(without, n => Assert.False(n.TryGetProperty("check", out _) || n.TryGetProperty("failureCount", out _)));
            Assert.Equal(3, without.Count);
        }
    }

    [Fact]
    public async Task FragmentsMergeWithFields_AndMatchByType()
    {
        const string query = """
            query($id: ID!) {
              incidents(first: 3) { nodes { id ...Counts check { name } ... on Incident { check { targetTable } } } }
              node(id: $id) { __typename ... on CheckDefinition { name } ... on Incident { severity } }
            }
            fragment Counts on Incident { failureCount status }
            """;
        var client = api.GraphQL(_tenant.ApiKey);
        var (_, first) = await client.SendAsync("{ incidents(first: 1) { nodes { id } } }");
        var incidentId = first.GetProperty("data").GetProperty("incidents").GetProperty("nodes")[0].GetProperty("id").GetString();
        for (var round = 0; round < 2; round++)
        {
            var (_, body) = await client.SendAsync(query, new { id = incidentId });
            Assert.False(body.TryGetProperty("errors", out var errors), errors.ToString());
            var nodes = body.GetProperty("data").GetProperty("incidents").GetProperty("nodes").EnumerateArray().ToList();
            Assert.Equal(3, nodes.Count);
            Assert.All(nodes, n => Assert.Equal(
                ["id", "failureCount", "status", "check"], n.EnumerateObject().Select(p => p.Name)));
            Assert.All(nodes, n => Assert.Equal(["name", "targetTable"], n.GetProperty("check").EnumerateObject().Select(p => p.Name)));
            var node = body.GetProperty("data").GetProperty("node");
            Assert.Equal("Incident", node.GetProperty("__typename").GetString());
            Assert.False(node.TryGetProperty("name", out _));
            Assert.True(node.TryGetProperty("severity", out _));
        }
    }

    private static List<JsonElement> Nodes((HttpResponseMessage Response, JsonElement Body) response)
    {
        Assert.False(response.Body.TryGetProperty("errors", out var errors), errors.ToString());
        return response.Body.GetProperty("data").GetProperty("incidents").GetProperty("nodes").EnumerateArray().ToList();
    }
}
