using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;

namespace DqPlatform.Api.Tests.Auth;

/// <summary>
/// Budgets per principal on every endpoint. The bucket (burst 3) refills once an hour here, so what a test sends is
/// counted exactly, however slow the machine.
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

    public sealed class TightLimitFactory : DqApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Dqp:RateLimit:PermitsPerSecond", "1");
            builder.UseSetting("Dqp:RateLimit:Burst", "3");
            builder.UseSetting("Dqp:RateLimit:ReplenishmentPeriod", "01:00:00");
        }
    }
}
