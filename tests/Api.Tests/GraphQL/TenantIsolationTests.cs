using DqPlatform.Api.GraphQL.Nodes;
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
