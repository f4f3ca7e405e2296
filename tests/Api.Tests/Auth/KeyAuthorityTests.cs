using System.Globalization;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Security;

namespace DqPlatform.Api.Tests.Auth;

/// <summary>
/// Issue 25, finding 5: a <c>keys:manage</c> key could rotate itself an <c>org:admin</c> key, revoke any key, and a
/// key expiring in an hour minted one that never expires. A key now acts only on keys no more powerful than itself,
/// and what it mints lives no longer than it does.
/// </summary>
public sealed class KeyAuthorityTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    private async Task<(string Id, string Key)> KeyAsync(TestTenant tenant, string name, string[] scopes, DateTimeOffset? expiresAt = null)
    {
        await using var db = api.Database.CreateDqContext();
        var (key, plaintext) = ApiKeyGenerator.Create(tenant.WorkspaceId, name, scopes, expiresAt);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        return (DqPlatform.GraphQL.Relay.GlobalId.Encode("ApiKey", key.Id), plaintext);
    }

    [Fact]
    public async Task RotateOrRevokeApiKey_ByKeyManagerOnMorePowerfulKey_IsForbidden()
    {
        var tenant = await TestTenant.CreateAsync(api, ApiKeyScopes.OrganizationAdmin);
        var (adminId, _) = await KeyAsync(tenant, "admin", [ApiKeyScopes.OrganizationAdmin]);
        var (_, manager) = await KeyAsync(tenant, "manager", [ApiKeyScopes.Read, ApiKeyScopes.ManageKeys]);
        var client = api.GraphQL(manager);

        Assert.Equal("FORBIDDEN", await client.ErrorCodeAsync($"mutation {{ rotateApiKey(id: \"{adminId}\") {{ key }} }}"));
        Assert.Equal("FORBIDDEN", await client.ErrorCodeAsync($"mutation {{ revokeApiKey(id: \"{adminId}\") {{ id }} }}"));
        Assert.Equal("FORBIDDEN", await client.ErrorCodeAsync("mutation { createApiKey(input: {name: \"x\", scopes: [\"org:admin\"]}) { key } }"));
        await using var db = api.Database.CreateDqContext();
        DqPlatform.GraphQL.Relay.GlobalId.TryDecode(adminId, out _, out Guid id);
        Assert.Null(db.ApiKeys.Single(k => k.Id == id).RevokedAt);
        Assert.Equal(1, db.ApiKeys.Count(k => k.WorkspaceId == tenant.WorkspaceId && k.Name == "admin"));

        // Keys within its own scopes it manages as before.
        var (readerId, _) = await KeyAsync(tenant, "reader", [ApiKeyScopes.Read]);
        var rotated = (await client.DataAsync($"mutation {{ rotateApiKey(id: \"{readerId}\") {{ key apiKey {{ scopes }} }} }}")).GetProperty("rotateApiKey");
        Assert.Equal(["read"], rotated.GetProperty("apiKey").GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task CreateOrRotateApiKey_ByExpiringKey_ExpiresNoLaterThanItself()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var ownExpiry = DateTimeOffset.UtcNow.AddHours(1);
        var (_, shortLived) = await KeyAsync(tenant, "short", [ApiKeyScopes.Read, ApiKeyScopes.ManageKeys], ownExpiry);
        var client = api.GraphQL(shortLived);

        var forever = (await client.DataAsync("mutation { createApiKey(input: {name: \"forever\", scopes: [\"read\"]}) { apiKey { expiresAt } } }"))
            .GetProperty("createApiKey").GetProperty("apiKey").GetProperty("expiresAt").GetString();
        Assert.NotNull(forever);
        Assert.True(DateTimeOffset.Parse(forever, CultureInfo.InvariantCulture) <= ownExpiry.AddSeconds(1), forever);

        var (neverId, _) = await KeyAsync(tenant, "never", [ApiKeyScopes.Read]);
        var rotated = (await client.DataAsync($"mutation {{ rotateApiKey(id: \"{neverId}\") {{ apiKey {{ expiresAt }} }} }}"))
            .GetProperty("rotateApiKey").GetProperty("apiKey").GetProperty("expiresAt").GetString();
        Assert.NotNull(rotated);
        Assert.True(DateTimeOffset.Parse(rotated, CultureInfo.InvariantCulture) <= ownExpiry.AddSeconds(1), rotated);
    }

    [Fact]
    public async Task RotateApiKey_WithPrivateSavedQueries_KeepsThem()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var (ownerId, owner) = await KeyAsync(tenant, "analyst", [ApiKeyScopes.Read, ApiKeyScopes.Write, ApiKeyScopes.RunQueries]);
        var saved = (await api.GraphQL(owner).DataAsync("mutation { createSavedQuery(input: {name: \"mine\", query: \"select 1\", visibility: PRIVATE}) { id } }"))
            .GetProperty("createSavedQuery").GetProperty("id").GetString()!;

        var newKey = (await api.GraphQL(tenant.ApiKey).DataAsync($"mutation {{ rotateApiKey(id: \"{ownerId}\") {{ key }} }}"))
            .GetProperty("rotateApiKey").GetProperty("key").GetString()!;
        var seen = await api.GraphQL(newKey).DataAsync($"{{ node(id: \"{saved}\") {{ ... on SavedQuery {{ name }} }} }}");
        Assert.Equal("mine", seen.GetProperty("node").GetProperty("name").GetString());
        Assert.Equal("VALIDATION", await api.GraphQL(newKey).ErrorCodeAsync($"mutation {{ updateSavedQuery(input: {{id: \"{saved}\", name: \"\"}}) {{ id }} }}"));
        Assert.Equal("ours", (await api.GraphQL(newKey).DataAsync($"mutation {{ updateSavedQuery(input: {{id: \"{saved}\", name: \"ours\"}}) {{ name }} }}"))
            .GetProperty("updateSavedQuery").GetProperty("name").GetString());
    }
}
