using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Tests.GraphQL;

/// <summary>
/// Issue 25, finding 10: <c>nodes(ids:)</c> ran one statement per id outside the complexity budget (1,000 ids took a
/// second; a 1 MiB body holds 17,000). Now it is capped, priced per id, and loads each type in one statement.
/// </summary>
public sealed class NodesLookupTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    [Fact]
    public async Task Nodes_WithMixedIds_AnswerInOrderWithNullsForForeignOnesAndRefuseMoreThanAPage()
    {
        var mine = await TestTenant.CreateAsync(api);
        var theirs = await TestTenant.CreateAsync(api);
        var myChecks = await GraphSeed.ChecksWithIncidentsAsync(api, mine, 3, "mine");
        var theirChecks = await GraphSeed.ChecksWithIncidentsAsync(api, theirs, 1, "theirs");
        var ids = new[] { myChecks[2].Id, theirChecks[0].Id, myChecks[0].Id }.Select(id => DqPlatform.GraphQL.Relay.GlobalId.Encode("CheckDefinition", id)).Append("garbage").ToArray();

        var nodes = (await api.GraphQL(mine.ApiKey).DataAsync("query($ids: [ID!]!) { nodes(ids: $ids) { id ... on CheckDefinition { name } } }", new { ids }))
            .GetProperty("nodes").EnumerateArray().Select(n => n.ValueKind == System.Text.Json.JsonValueKind.Null ? null : n.GetProperty("name").GetString()).ToList();
        Assert.Equal(["mine-002", null, "mine-000", null], nodes);

        var tooMany = Enumerable.Range(0, 101).Select(_ => ids[0]).ToArray();
        Assert.Equal("VALIDATION", await api.GraphQL(mine.ApiKey).ErrorCodeAsync("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids = tooMany }));
    }

    [Fact]
    public async Task Nodes_WithManyIds_ArePricedPerId()
    {
        var tenant = await TestTenant.CreateAsync(api);
        const string query = "query($ids: [ID!]!) { nodes(ids: $ids) { ... on CheckDefinition { results(first: 100) { nodes { id sensorValue rulePassed executedAt severity errorMessage executionTimeMs } } } } }";
        string[] Ids(int n) => Enumerable.Range(0, n).Select(_ => DqPlatform.GraphQL.Relay.GlobalId.Encode("CheckDefinition", Guid.NewGuid())).ToArray();

        // One id with a page of 100 results under it is within the 50,000 budget; a hundred such ids are not.
        var (_, one) = await api.GraphQL(tenant.ApiKey).SendAsync(query, new { ids = Ids(1) });
        Assert.False(one.TryGetProperty("errors", out var errors), errors.ToString());
        var (_, hundred) = await api.GraphQL(tenant.ApiKey).SendAsync(query, new { ids = Ids(100) });
        Assert.Contains("complex", hundred.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
    }
}
