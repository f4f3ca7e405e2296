using System.Diagnostics;
using System.Net;
using DqPlatform.Api.Tests.Hosting;
using static DqPlatform.Api.Tests.Transport.PersistedQueryRequests;

namespace DqPlatform.Api.Tests.Transport;

/// <summary>With Redis down, persisted queries degrade to this node's memory: never INTERNAL, never a wait on Redis.</summary>
public sealed class PersistedQueryRedisDownTests(ReadyzWithRedisDownTests.RedisDownFactory api) : IClassFixture<ReadyzWithRedisDownTests.RedisDownFactory>
{
    [Fact]
    public async Task HashOnly_AnswersNotFound_ThenTheTextRegistersItOnThisNode()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var query = UniqueQuery();
        var http = api.CreateClient();
        await PostAsync(http, tenant.ApiKey, new { query = "{ workspace { name } }" }); // the host is up, the key verified
        var clock = Stopwatch.StartNew();

        var (unknownStatus, unknown) = await PostAsync(http, tenant.ApiKey, HashOnly(Sha256(query)));
        var (registeredStatus, registered) = await PostAsync(http, tenant.ApiKey, WithHash(query));
        var (_, known) = await PostAsync(http, tenant.ApiKey, HashOnly(Sha256(query)));

        Assert.Equal(HttpStatusCode.OK, unknownStatus);
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", Code(unknown));
        Assert.Equal(HttpStatusCode.OK, registeredStatus);
        Assert.Null(Code(registered));
        Assert.Equal(registered.ToString(), known.ToString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed} with Redis down");
    }
}
