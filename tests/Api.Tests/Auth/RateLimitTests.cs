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
        var statuses = new List<HttpStatusCode>();
        string? code = null;
        for (var i = 0; i < 6; i++)
        {
            var (response, body) = await api.GraphQL(busy.ApiKey).SendAsync("{ __typename }");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                code = body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString();
            }
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(HttpStatusCode.OK, statuses[0]);
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
