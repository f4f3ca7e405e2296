using System.Net;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Tests.Auth;

public sealed class ApiKeyAuthenticationTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    private const string Query = "{ workspace { name } }";

    [Theory]
    [InlineData("")]
    [InlineData("not-a-key")]
    [InlineData("dqp_short")]
    [InlineData("xyz_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("dqp_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task MalformedOrUnknownKeys_Answer401(string key)
    {
        var (response, body) = await api.GraphQL(key).SendAsync(Query);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("UNAUTHENTICATED", body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
    }

    [Fact]
    public async Task RightPrefixWrongSecret_Answers401()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var forged = tenant.ApiKey[..ApiKeyGenerator.PrefixLength] + new string('A', tenant.ApiKey.Length - ApiKeyGenerator.PrefixLength);

        var (response, _) = await api.GraphQL(forged).SendAsync(Query);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ExpiredKey_Answers401()
    {
        var tenant = await TestTenant.CreateAsync(api);
        await using var db = api.Database.CreateDqContext();
        var (key, plaintext) = ApiKeyGenerator.Create(tenant.WorkspaceId, "old", ApiKeyScopes.All, DateTimeOffset.UtcNow.AddSeconds(-1));
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();

        var (response, _) = await api.GraphQL(plaintext).SendAsync(Query);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task RevokedKey_StopsWorkingOnEveryNode_WithinFiveSeconds()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var victim = (await api.GraphQL(tenant.ApiKey).DataAsync("mutation { createApiKey(input: {name: \"ci\", scopes: [\"read\"]}) { apiKey { id } key } }"))
            .GetProperty("createApiKey");
        var victimKey = victim.GetProperty("key").GetString()!;
        await using var nodeB = api.WithWebHostBuilder(b => b.UseSetting("Dqp:Startup:Migrate", "false"));
        var onA = new GraphQLClient(api.CreateClient(), victimKey);
        var onB = new GraphQLClient(nodeB.CreateClient(), victimKey);
        Assert.Equal(HttpStatusCode.OK, (await onA.SendAsync(Query)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onB.SendAsync(Query)).Response.StatusCode); // both nodes have it cached now

        await api.GraphQL(tenant.ApiKey).DataAsync($"mutation {{ revokeApiKey(id: \"{victim.GetProperty("apiKey").GetProperty("id").GetString()}\") {{ revokedAt }} }}");

        // The promise is "refused everywhere within 5 s of the revocation": a request sent 5 s later must fail on both
        // nodes, whatever either had cached. (Timed from when it is sent, so a slow machine cannot blur the result.)
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.Unauthorized, (await onB.SendAsync(Query)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await onA.SendAsync(Query)).Response.StatusCode);
    }

    [Fact]
    public async Task UsingAKey_RecordsLastUsedAt_WithoutAWritePerRequest()
    {
        var tenant = await TestTenant.CreateAsync(api);
        for (var i = 0; i < 5; i++)
        {
            await api.GraphQL(tenant.ApiKey).DataAsync(Query);
        }

        await using var db = api.Database.CreateDqContext();
        var key = await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == tenant.ApiKeyId);
        Assert.NotNull(key.LastUsedAt);
        Assert.True(DateTimeOffset.UtcNow - key.LastUsedAt < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task CreatedKey_IsShownOnce_AndCannotExceedTheCreatorsScopes()
    {
        var writer = await TestTenant.CreateAsync(api, ApiKeyScopes.Read, ApiKeyScopes.ManageKeys);
        var client = api.GraphQL(writer.ApiKey);

        Assert.Equal("FORBIDDEN", await client.ErrorCodeAsync("mutation { createApiKey(input: {name: \"x\", scopes: [\"org:admin\"]}) { key } }"));
        var created = (await client.DataAsync("mutation { createApiKey(input: {name: \"reader\", scopes: [\"read\"]}) { key apiKey { keyPrefix scopes } } }")).GetProperty("createApiKey");
        var key = created.GetProperty("key").GetString()!;
        Assert.StartsWith("dqp_", key, StringComparison.Ordinal);
        Assert.True(key.Length >= 4 + 43, "at least 256 bits of randomness");
        Assert.Equal(key[..12], created.GetProperty("apiKey").GetProperty("keyPrefix").GetString());

        var listed = await client.DataAsync("{ apiKeys { nodes { name keyPrefix } } }");
        Assert.DoesNotContain(key, listed.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await api.GraphQL(key).SendAsync(Query)).Response.StatusCode);
    }
}
