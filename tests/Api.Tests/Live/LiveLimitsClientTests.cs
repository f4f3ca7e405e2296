using System.Text.Json;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Incidents;
using DqPlatform.Infrastructure.Messaging;
using DqPlatform.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace DqPlatform.Api.Tests.Live;

/// <summary>
/// The live limits as the graphql-ws npm client meets them (tests/conformance/live-limits.mjs against a real API
/// process): a refused operation is a GraphQL error on that operation only, a socket over its key's share is retried
/// (1013) and gets in once another leaves, a flooding client is closed for good (1008: no reconnect).
/// </summary>
public sealed class LiveLimitsClientTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    private async Task<ApiProcess> NodeAsync() =>
        await ApiProcess.StartAsync(api.Database.ConnectionString, api.RedisConnectionString, api.EncryptionKey, new Dictionary<string, string>
        {
            ["Dqp__Jobs__RunServer"] = "false",
            ["Dqp__Live__MaxOperationsPerSocket"] = "3",
            ["Dqp__Live__MaxSocketsPerKey"] = "2",
            ["Dqp__Live__MaxMessagesPerSecond"] = "5",
            ["Dqp__Live__MessageBurst"] = "10",
        });

    [Fact]
    public async Task GraphQLWs_SubscribingPastTheSocketsLimit_GetsTheErrorOnThatOperationOnly()
    {
        var tenant = await TestTenant.CreateAsync(api);
        await using var node = await NodeAsync();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(api.RedisConnectionString);
        var otherNode = new RedisEventBus(redis, new EventListeners(NullLogger<EventListeners>.Instance), NullLogger<RedisEventBus>.Instance);
        using var publishing = new CancellationTokenSource();
        var events = Task.Run(async () =>
        {
            for (var n = 0; !publishing.IsCancellationRequested; n++)
            {
                await otherNode.PublishAsync(new IncidentChanged(tenant.WorkspaceId, DateTimeOffset.UtcNow, Guid.NewGuid(), Guid.NewGuid(),
                    IncidentChangeKind.Updated, IncidentStatus.Open, CheckSeverity.Error, n));
                await Task.Delay(200);
            }
        });

        JsonElement report;
        try
        {
            report = await ConformanceScript.RunAsync("live-limits.mjs", node.BaseUrl, tenant.ApiKey, "operations", "3");
        }
        finally
        {
            await publishing.CancelAsync();
            await events;
        }

        var error = Assert.Single(report.GetProperty("refused").EnumerateArray());
        var extensions = error.GetProperty("extensions");
        Assert.Equal(("TOO_MANY_OPERATIONS", 3, "socket"),
            (extensions.GetProperty("code").GetString(), extensions.GetProperty("limit").GetInt32(), extensions.GetProperty("per").GetString()));
        Assert.Equal(3, report.GetProperty("acceptedWithEvents").GetInt32());
        Assert.True(report.GetProperty("afterComplete").TryGetProperty("events", out _), "after a complete: " + report);
    }

    [Fact]
    public async Task GraphQLWs_SocketPastTheKeysLimit_RetriesOn1013AndGetsInOnceAnotherLeaves()
    {
        var tenant = await TestTenant.CreateAsync(api);
        await using var node = await NodeAsync();
        var report = await ConformanceScript.RunAsync("live-limits.mjs", node.BaseUrl, tenant.ApiKey, "sockets", "2");

        // The first attempt and both retries were each closed with 1013, then the client gave up with it.
        Assert.Equal([1013, 1013, 1013], report.GetProperty("closes").EnumerateArray().Select(c => c.GetProperty("code").GetInt32()));
        Assert.Equal(1013, report.GetProperty("finalError").GetProperty("code").GetInt32());
        Assert.Contains("key", report.GetProperty("finalError").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.True(report.GetProperty("connectedAfterOneLeft").GetBoolean(), "not admitted after a socket left: " + report);
        Assert.All(report.GetProperty("closesBeforeAdmitted").EnumerateArray(), code => Assert.Equal(1013, code.GetInt32()));
        Assert.Equal(1, report.GetProperty("othersStillOpen").GetInt32());
    }

    [Fact]
    public async Task GraphQLWs_FloodingMessages_IsClosed1008AndDoesNotReconnect()
    {
        var tenant = await TestTenant.CreateAsync(api);
        await using var node = await NodeAsync();
        var report = await ConformanceScript.RunAsync("live-limits.mjs", node.BaseUrl, tenant.ApiKey, "flood");

        var close = Assert.Single(report.GetProperty("closes").EnumerateArray());
        Assert.Equal(1008, close.GetProperty("code").GetInt32());
        Assert.StartsWith("Too many messages", close.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1008, report.GetProperty("firstError").GetProperty("code").GetInt32());
        Assert.Equal(1, report.GetProperty("connecting").GetInt32()); // retries were left, and none was made
    }
}
