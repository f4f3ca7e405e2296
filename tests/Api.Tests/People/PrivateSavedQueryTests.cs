using System.Text.Json;
using DqPlatform.GraphQL.Relay;

namespace DqPlatform.Api.Tests.People;

/// <summary>
/// Issue 30, item 4: a private saved query belongs to its user, not to a key. Another user of the same workspace and
/// the workspace's service keys see neither it in lists nor by id, and cannot change it; the same user sees it signed
/// in and through their personal key.
/// </summary>
public sealed class PrivateSavedQueryTests(ActorApiFactory api) : IClassFixture<ActorApiFactory>
{
    [Fact]
    public async Task PrivateSavedQuery_OfAUser_IsVisibleOnlyToThatUser_SignedInOrWithTheirPersonalKey()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var ada = await TestPeople.UserAsync(api, tenant);
        var grace = await TestPeople.UserAsync(api, tenant, name: "Grace Hopper");
        var adasKey = await TestPeople.PersonalKeyAsync(api, tenant, ada);
        var asAda = api.GraphQL(TestPeople.UserBearer(ada, tenant));
        var query = (await asAda.DataAsync("mutation { createSavedQuery(input: {name: \"ada's draft\", query: \"SELECT 1\"}) { id visibility owner { id } } }"))
            .GetProperty("createSavedQuery");
        Assert.Equal(("PRIVATE", GlobalId.Encode("User", ada)), (query.GetProperty("visibility").GetString(), query.GetProperty("owner").GetProperty("id").GetString()));
        var id = query.GetProperty("id").GetString()!;

        Assert.True(await SeesAsync(asAda, id));
        Assert.True(await SeesAsync(api.GraphQL(TestPeople.PersonalKeyBearer(adasKey)), id));
        Assert.False(await SeesAsync(api.GraphQL(TestPeople.UserBearer(grace, tenant)), id));
        Assert.False(await SeesAsync(api.GraphQL(tenant.ApiKey), id));
        Assert.Equal("NOT_FOUND", await api.GraphQL(TestPeople.UserBearer(grace, tenant))
            .ErrorCodeAsync($"mutation {{ updateSavedQuery(input: {{id: \"{id}\", visibility: SHARED}}) {{ id }} }}"));
        Assert.Equal("NOT_FOUND", await api.GraphQL(tenant.ApiKey).ErrorCodeAsync($"mutation {{ deleteSavedQuery(id: \"{id}\") }}"));

        // Shared by its owner (through the personal key), everyone in the workspace reads it.
        await api.GraphQL(TestPeople.PersonalKeyBearer(adasKey)).DataAsync($"mutation {{ updateSavedQuery(input: {{id: \"{id}\", visibility: SHARED}}) {{ id }} }}");
        Assert.True(await SeesAsync(api.GraphQL(TestPeople.UserBearer(grace, tenant)), id));
        Assert.True(await SeesAsync(api.GraphQL(tenant.ApiKey), id));
    }

    // In the list and by id, which must agree.
    private static async Task<bool> SeesAsync(GraphQLClient client, string id)
    {
        var data = await client.DataAsync("query($id: ID!) { savedQueries(first: 100) { nodes { id } } node(id: $id) { id } }", new { id });
        var listed = data.GetProperty("savedQueries").GetProperty("nodes").EnumerateArray().Any(n => n.GetProperty("id").GetString() == id);
        var found = data.GetProperty("node").ValueKind != JsonValueKind.Null;
        Assert.Equal(listed, found);
        return found;
    }
}
