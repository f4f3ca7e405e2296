using System.Net;
using DqPlatform.TestSupport;
using static DqPlatform.Api.Tests.Identity.OidcSession;

namespace DqPlatform.Api.Tests.Identity;

/// <summary>Without a configured identity provider only keys authenticate: a provider's valid token is a stranger's.</summary>
public sealed class NoProviderTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    [Fact]
    public async Task WithoutProviders_AJwtIsUnauthenticated_AndKeysStillWork()
    {
        await using var issuer = await TestOidcIssuer.StartAsync();
        var org = await OrganizationAsync(api);
        var tenant = await TestTenant.CreateAsync(api);

        var (response, body) = await SendAsync(api, issuer.Mint("someone", "dqp-api", Claims(org.Slug, ["dq-editors"])), "{ workspace { name } }");

        Assert.Equal((HttpStatusCode.Unauthorized, "UNAUTHENTICATED"), (response.StatusCode, CodeOf(body)));
        Assert.Equal(0, issuer.DiscoveryRequests);
        Assert.NotNull((await api.GraphQL(tenant.ApiKey).DataAsync("{ workspace { name } }")).GetProperty("workspace").GetProperty("name").GetString());
    }
}
