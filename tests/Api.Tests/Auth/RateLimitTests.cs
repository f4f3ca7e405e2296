using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;

namespace DqPlatform.Api.Tests.Auth;

/// <summary>
/// Budgets per principal on every endpoint, and per workspace and organization across their keys. The buckets (bursts 3
/// per key, 5 per workspace, 8 per organization) refill once an hour here, so what a test sends is counted exactly,
/// however slow the machine.
/// </summary>
public sealed class RateLimitTests(RateLimitTests.TightLimitFactory api) : IClassFixture<RateLimitTests.TightLimitFactory>
{
    [Fact]
    public async Task KeyOverItsBudget_Gets429RateLimited_WhileAnotherKeyIsServed()
    {
        var busy = await TestTenant.CreateAsync(api);
        var quiet = await TestTenant.CreateAsync(api);
        var replies = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => api.GraphQL(busy.ApiKey).SendAsync("{ __typename }")));
        var statuses = replies.Select(r => r.Response.StatusCode).ToList();
        var code = replies.Where(r => r.Response.StatusCode == HttpStatusCode.TooManyRequests)
            .Select(r => r.Body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString()).FirstOrDefault();

        Assert.Equal(3, statuses.Count(x => x == HttpStatusCode.OK));
        Assert.Equal(9, statuses.Count(x => x == HttpStatusCode.TooManyRequests));
        Assert.Equal("RATE_LIMITED", code);
        Assert.Equal(HttpStatusCode.OK, (await api.GraphQL(quiet.ApiKey).SendAsync("{ __typename }")).Response.StatusCode);
    }

    // Issue 25, finding 6: the bucket was keyed on the raw header and covered /graphql alone.
    [Fact]
    public async Task RateLimit_AcrossHeaderSpellingsAndEndpoints_KeepsOneBudgetPerPrincipal()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.CreateClient();
        var statuses = new List<HttpStatusCode>();
        foreach (var authorization in new[] { $"Bearer {tenant.ApiKey}", $"bearer {tenant.ApiKey}", $"BEARER   {tenant.ApiKey}  " })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query = "{ __typename }" }) };
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
            statuses.Add((await client.SendAsync(request)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
        using var task = new HttpRequestMessage(HttpMethod.Post, "/v1/task/query") { Content = JsonContent.Create(new { task_id = "t", connection_id = Guid.NewGuid(), sql = "SELECT 1" }) };
        task.Headers.TryAddWithoutValidation("Authorization", $"Bearer {tenant.ApiKey} ");
        var limited = await client.SendAsync(task);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("RATE_LIMITED", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var export = await new GraphQLClient(client, tenant.ApiKey).SendAsync("{ __typename }");
        Assert.Equal(HttpStatusCode.TooManyRequests, export.Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode); // probes are never limited
    }

    [Fact]
    public async Task TwoKeysOfOneWorkspace_ShareTheWorkspaceBudget_SoMoreKeysBuyNoMoreRequests()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var second = await MintKeyAsync(tenant.WorkspaceId);
        var third = await MintKeyAsync(tenant.WorkspaceId);

        var first = await SendAsync(tenant.ApiKey, 3);  // the first key's whole budget, 3 of the workspace's 5
        var then = await SendAsync(second, 3);          // 2 more fit the workspace
        var (refused, body) = await api.GraphQL(third).SendAsync("{ __typename }"); // a fresh key, an empty workspace budget

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], first);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], then);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        var error = body.GetProperty("errors")[0];
        Assert.Equal("RATE_LIMITED", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Contains("workspace", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkspacesOfOneOrganization_ShareTheOrganizationBudget_WhileAnotherOrganizationIsServed()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var sibling = await MintKeyAsync(await AddWorkspaceAsync(tenant.OrganizationId));
        var cousin = await MintKeyAsync(await AddWorkspaceAsync(tenant.OrganizationId));
        var stranger = await TestTenant.CreateAsync(api);

        var statuses = (await SendAsync(tenant.ApiKey, 3)).Concat(await SendAsync(sibling, 3)).Concat(await SendAsync(cousin, 3)).ToList();
        var (refused, body) = await api.GraphQL(cousin).SendAsync("{ __typename }");

        // 8 of the organization's budget, though each workspace and key is within its own.
        Assert.Equal(8, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Contains("organization", body.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], await SendAsync(stranger.ApiKey, 3));
    }

    [Fact]
    public async Task Batch_SpendsEachOperationFromTheWorkspaceBudgetToo()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var second = await MintKeyAsync(tenant.WorkspaceId);
        object Batch(int n) => Enumerable.Repeat(new { query = "{ __typename }" }, n).ToArray();

        var (admitted, _) = await Transport.PersistedQueryRequests.PostAsync(api.CreateClient(), tenant.ApiKey, Batch(3)); // 3 of the workspace's 5
        var (refused, body) = await Transport.PersistedQueryRequests.PostAsync(api.CreateClient(), second, Batch(3));      // the second key has 3, the workspace 2

        Assert.Equal(HttpStatusCode.OK, admitted);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused);
        Assert.Contains("workspace", body.ToString(), StringComparison.Ordinal);
    }

    private async Task<List<HttpStatusCode>> SendAsync(string apiKey, int requests)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < requests; i++)
        {
            statuses.Add((await api.GraphQL(apiKey).SendAsync("{ __typename }")).Response.StatusCode);
        }

        return statuses;
    }

    private async Task<string> MintKeyAsync(Guid workspaceId)
    {
        await using var db = api.Database.CreateDqContext();
        var (key, plaintext) = DqPlatform.Infrastructure.Security.ApiKeyGenerator.Create(workspaceId, "another", DqPlatform.Domain.Tenancy.ApiKeyScopes.All);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        return plaintext;
    }

    private async Task<Guid> AddWorkspaceAsync(Guid organizationId)
    {
        await using var db = api.Database.CreateDqContext();
        var workspace = new DqPlatform.Domain.Tenancy.Workspace { OrganizationId = organizationId, Name = "ws-" + Guid.NewGuid().ToString("N")[..8] };
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync();
        return workspace.Id;
    }

    public sealed class TightLimitFactory : DqApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Dqp:RateLimit:PermitsPerSecond", "1");
            builder.UseSetting("Dqp:RateLimit:Burst", "3");
            builder.UseSetting("Dqp:RateLimit:Workspace:PermitsPerSecond", "1");
            builder.UseSetting("Dqp:RateLimit:Workspace:Burst", "5");
            builder.UseSetting("Dqp:RateLimit:Organization:PermitsPerSecond", "1");
            builder.UseSetting("Dqp:RateLimit:Organization:Burst", "8");
            builder.UseSetting("Dqp:RateLimit:ReplenishmentPeriod", "01:00:00");
        }
    }
}
