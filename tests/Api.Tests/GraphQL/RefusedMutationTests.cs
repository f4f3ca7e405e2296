using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Tests.GraphQL;

/// <summary>The root mutations of one operation share a unit of work: a refused one must leave nothing for the next to save.</summary>
public sealed class RefusedMutationTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    [Fact]
    public async Task UpdateWebhook_RefusedBeforeASucceedingMutation_StoresNothingOfTheRefusedChange()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.GraphQL(tenant.ApiKey);
        var id = (await client.DataAsync("mutation { createWebhook(input: {name: \"hook\", url: \"https://example.com/h\", events: [\"check.failed\"]}) { id } }"))
            .GetProperty("createWebhook").GetProperty("id").GetString();

        // The webhook takes the new name, url and events before its secret is refused; the connection is then saved.
        var (_, body) = await client.SendAsync($$$"""
            mutation {
              a: updateWebhook(input: {id: "{{{id}}}", name: "renamed", url: "https://example.org/elsewhere", events: ["check.passed"], secret: "short"}) { id }
              b: createConnection(input: {name: "saved after", type: BIGQUERY, config: {project: "p"}}) { id }
            }
            """);

        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal("secret", error.GetProperty("extensions").GetProperty("field").GetString());
        await using var db = api.Database.CreateDqContext();
        var webhook = await db.Webhooks.AsNoTracking().SingleAsync(w => w.WorkspaceId == tenant.WorkspaceId);
        Assert.Equal(("hook", "https://example.com/h"), (webhook.Name, webhook.Url));
        Assert.Equal(["check.failed"], webhook.Events);
        Assert.True(await db.Connections.AnyAsync(c => c.WorkspaceId == tenant.WorkspaceId && c.Name == "saved after"));
    }
}
