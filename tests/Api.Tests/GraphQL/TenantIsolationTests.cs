using DqPlatform.GraphQL.Relay;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Tests.GraphQL;

/// <summary>Workspace B's key sees and changes nothing of workspace A: lists, node ids and mutations by id.</summary>
public sealed class TenantIsolationTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    [Fact]
    public async Task AnotherWorkspacesIds_AnswerNothing_AndChangeNothing()
    {
        var a = await TestTenant.CreateAsync(api);
        var b = await TestTenant.CreateAsync(api);
        var checks = await GraphSeed.ChecksWithIncidentsAsync(api, a, 3);
        var checkId = GlobalId.Encode("CheckDefinition", checks[0].Id);
        var connectionId = GlobalId.Encode("Connection", checks[0].ConnectionId);
        var asB = api.GraphQL(b.ApiKey);

        var lists = await asB.DataAsync("{ checkDefinitions { totalCount } incidents { totalCount } checkResults { totalCount } connections { totalCount } workspace { checks { totalCount } } }");
        Assert.Equal(0, lists.GetProperty("checkDefinitions").GetProperty("totalCount").GetInt32());
        Assert.Equal(0, lists.GetProperty("incidents").GetProperty("totalCount").GetInt32());
        Assert.Equal(0, lists.GetProperty("checkResults").GetProperty("totalCount").GetInt32());
        Assert.Equal(0, lists.GetProperty("connections").GetProperty("totalCount").GetInt32());

        var nodes = await asB.DataAsync($"{{ node(id: \"{checkId}\") {{ id }} nodes(ids: [\"{connectionId}\"]) {{ id }} }}");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, nodes.GetProperty("node").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, nodes.GetProperty("nodes")[0].ValueKind);

        Assert.Equal("NOT_FOUND", await asB.ErrorCodeAsync($"mutation {{ updateCheck(input: {{id: \"{checkId}\", name: \"stolen\"}}) {{ id }} }}"));
        Assert.Equal("NOT_FOUND", await asB.ErrorCodeAsync($"mutation {{ deleteCheck(id: \"{checkId}\") }}"));
        Assert.Equal("NOT_FOUND", await asB.ErrorCodeAsync($"mutation {{ deleteConnection(id: \"{connectionId}\") }}"));
        Assert.Equal("NOT_FOUND", await asB.ErrorCodeAsync($"mutation {{ createCheck(input: {{connectionId: \"{connectionId}\", name: \"x\", checkType: \"row_count\", targetTable: \"t\"}}) {{ id }} }}"));

        await using var db = api.Database.CreateDqContext();
        Assert.Equal(3, await db.CheckDefinitions.CountAsync(c => c.ConnectionId == checks[0].ConnectionId));
        Assert.Equal(checks[0].Name, (await db.CheckDefinitions.SingleAsync(c => c.Id == checks[0].Id)).Name);
    }

    [Fact]
    public async Task ALatestResultPointerIntoAnotherWorkspace_ShowsNothingOfIt()
    {
        // The checks page joins each check's latest result itself, outside the tenant-scoped sets: only the check's own
        // results may qualify, whatever the pointer says (here, bent to a result of another workspace).
        var a = await TestTenant.CreateAsync(api);
        var b = await TestTenant.CreateAsync(api);
        var theirs = (await GraphSeed.ChecksWithIncidentsAsync(api, a, 1))[0];
        var ours = (await GraphSeed.ChecksWithIncidentsAsync(api, b, 1))[0];
        await using (var db = api.Database.CreateDqContext())
        {
            var result = await db.CheckResults.Where(r => r.CheckId == theirs.Id).FirstAsync();
            await db.CheckDefinitions.Where(c => c.Id == ours.Id).ExecuteUpdateAsync(u => u
                .SetProperty(c => c.LatestResultAt, result.ExecutedAt).SetProperty(c => c.LatestResultId, result.Id));
        }

        var page = await api.GraphQL(b.ApiKey).DataAsync("{ checkDefinitions { nodes { name latestResult { id sensorValue } } } }");

        var node = Assert.Single(page.GetProperty("checkDefinitions").GetProperty("nodes").EnumerateArray());
        Assert.Equal(ours.Name, node.GetProperty("name").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, node.GetProperty("latestResult").ValueKind);
    }

    [Fact]
    public async Task MissingOrBadKey_Answers401_WithUnauthenticated()
    {
        var (missing, missingBody) = await api.GraphQL(null).SendAsync("{ checkDefinitions { totalCount } }");
        var (bad, badBody) = await api.GraphQL("dqp_" + new string('x', 43)).SendAsync("{ checkDefinitions { totalCount } }");

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.Equal("UNAUTHENTICATED", missingBody.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal("UNAUTHENTICATED", badBody.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
    }

    [Fact]
    public async Task ReadOnlyKey_CannotWrite()
    {
        var reader = await TestTenant.CreateAsync(api, "read");

        Assert.Equal("FORBIDDEN", await api.GraphQL(reader.ApiKey).ErrorCodeAsync("mutation { createSavedQuery(input: {name: \"q\", query: \"select 1\"}) { id } }"));
    }
}
