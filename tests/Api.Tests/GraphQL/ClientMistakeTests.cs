using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Tests.GraphQL;

/// <summary>Issue 25, finding 12: a client's bad value answered INTERNAL; it is VALIDATION, and nothing is stored.</summary>
public sealed class ClientMistakeTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    [Fact]
    public async Task Mutation_WithNullCharacterOrOverLongValue_AnswersValidationAndStoresNothing()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.GraphQL(tenant.ApiKey);
        Assert.Equal("VALIDATION", await client.ErrorCodeAsync(
            "mutation($n: String!) { createConnection(input: {name: $n, type: POSTGRESQL, config: {host: \"db.internal\"}}) { id } }", new { n = "bad\u0000name" }));

        var checks = await GraphSeed.ChecksWithIncidentsAsync(api, tenant, 1, "mistakes");
        var id = DqPlatform.GraphQL.Relay.GlobalId.Encode("CheckDefinition", checks[0].Id);
        Assert.Equal("VALIDATION", await client.ErrorCodeAsync(
            "mutation($id: ID!, $p: String!) { updateCheck(input: {id: $id, dataProductId: $p}) { id } }", new { id, p = new string('x', 300) }));

        await using var db = api.Database.CreateDqContext();
        Assert.False(await db.Connections.AnyAsync(c => c.WorkspaceId == tenant.WorkspaceId && c.Name.StartsWith("bad")));
        Assert.Null((await db.CheckDefinitions.AsNoTracking().SingleAsync(c => c.Id == checks[0].Id)).DataProductId);
    }

    [Fact]
    public async Task Incidents_WithForgedCursorCarryingNumberForEnum_AnswersValidation()
    {
        var tenant = await TestTenant.CreateAsync(api);
        await GraphSeed.ChecksWithIncidentsAsync(api, tenant, 4, "cursor");
        var client = api.GraphQL(tenant.ApiKey);
        var page = await client.DataAsync("{ incidents(first: 1, order: [{severity: DESC}]) { pageInfo { endCursor } } }");
        var cursor = page.GetProperty("incidents").GetProperty("pageInfo").GetProperty("endCursor").GetString()!;
        var payload = JsonNode.Parse(Base64Url.DecodeFromChars(cursor))!;
        payload["Values"]![0] = 99;
        var forged = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()));

        Assert.Equal("VALIDATION", await client.ErrorCodeAsync("query($c: String) { incidents(first: 1, after: $c, order: [{severity: DESC}]) { nodes { id } } }", new { c = forged }));
    }
}
