using System.Net;
using Microsoft.AspNetCore.Hosting;
using static DqPlatform.Api.Tests.Transport.PersistedQueryRequests;

namespace DqPlatform.Api.Tests.Transport;

/// <summary>A batch of n operations spends n permits of the caller's rate limit, not one.</summary>
public sealed class BatchRateLimitTests(BatchRateLimitTests.SmallBucketFactory api) : IClassFixture<BatchRateLimitTests.SmallBucketFactory>
{
    [Fact]
    public async Task Batch_CountsEachOperation_AgainstTheCallersBucket()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var http = api.CreateClient();
        object Batch(int n) => Enumerable.Repeat(new { query = "{ __typename }" }, n).ToArray();

        var (admitted, results) = await PostAsync(http, tenant.ApiKey, Batch(4));  // 4 of the bucket's 6
        var (refused, body) = await PostAsync(http, tenant.ApiKey, Batch(4));      // 1 permit for the request, 3 more are not there

        Assert.Equal(HttpStatusCode.OK, admitted);
        Assert.Equal(4, results.GetArrayLength());
        Assert.Equal(HttpStatusCode.TooManyRequests, refused);
        Assert.Equal("RATE_LIMITED", Code(body));
    }

    public sealed class SmallBucketFactory : DqApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Dqp:RateLimit:Burst", "6");
            builder.UseSetting("Dqp:RateLimit:PermitsPerSecond", "1");
            builder.UseSetting("Dqp:RateLimit:ReplenishmentPeriod", "00:01:00");
        }
    }
}
