using System.Net;
using Microsoft.AspNetCore.Hosting;

namespace DqPlatform.Api.Tests.Auth;

public sealed class RateLimitTests(RateLimitTests.TightLimitFactory api) : IClassFixture<RateLimitTests.TightLimitFactory>
{
    [Fact]
    public async Task KeyOverItsBudget_Gets429RateLimited_WhileAnotherKeyIsServed()
    {
        var busy = await TestTenant.CreateAsync(api);
        var quiet = await TestTenant.CreateAsync(api);
        // Sent together, so even a slow machine cannot refill the bucket (1/s, burst 3) between them.
        var replies = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => api.GraphQL(busy.ApiKey).SendAsync("{ __typename }")));
        var statuses = replies.Select(r => r.Response.StatusCode).ToList();
        var code = replies.Where(r => r.Response.StatusCode == HttpStatusCode.TooManyRequests)
            .Select(r => r.Body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString()).FirstOrDefault();

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.InRange(statuses.Count(x => x == HttpStatusCode.OK), 1, 4);
        Assert.Equal("RATE_LIMITED", code);
        Assert.Equal(HttpStatusCode.OK, (await api.GraphQL(quiet.ApiKey).SendAsync("{ __typename }")).Response.StatusCode);
    }

    public sealed class TightLimitFactory : DqApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Dqp:RateLimit:PermitsPerSecond", "1");
            builder.UseSetting("Dqp:RateLimit:Burst", "3");
        }
    }
}
