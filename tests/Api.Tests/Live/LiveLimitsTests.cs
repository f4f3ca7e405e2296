using System.Net.WebSockets;
using System.Text.Json;
using static DqPlatform.Api.Live.LiveCaller;
using static DqPlatform.Api.Tests.Live.LiveLimitsFactory;
using static DqPlatform.Api.Tests.Live.WebSocketMessages;

namespace DqPlatform.Api.Tests.Live;

/// <summary>
/// Each live limit pushed one past its bound (LiveLimitsFactory's small limits): the documented answer, the others
/// untouched, and every share given back once its sockets close.
/// </summary>
public sealed class LiveLimitsTests(LiveLimitsFactory api) : IClassFixture<LiveLimitsFactory>
{
    private static void AssertTooManyOperations(JsonElement message, string id, int limit, string per)
    {
        Assert.Equal(("error", id), (message.GetProperty("type").GetString(), message.GetProperty("id").GetString()));
        var extensions = message.GetProperty("payload")[0].GetProperty("extensions");
        Assert.Equal(("TOO_MANY_OPERATIONS", limit, per),
            (extensions.GetProperty("code").GetString(), extensions.GetProperty("limit").GetInt32(), extensions.GetProperty("per").GetString()));
    }

    [Fact]
    public async Task Subscribe_PastOperationsPerSocket_AnswersTooManyOperationsAndTheSocketGoesOn()
    {
        var tenant = await TestTenant.CreateAsync(api);
        using (var socket = await api.AcknowledgedAsync(tenant.ApiKey))
        {
            foreach (var id in new[] { "a", "b", "c", "d" })
            {
                await SubscribeAsync(socket, id);
            }

            var said = Assert.Single(await UntilPongAsync(socket));
            AssertTooManyOperations(said, "d", OperationsPerSocket, "socket");
            await api.EventsReachAsync(socket, tenant, "a", "b", "c");
            Assert.Equal((1, 3), await api.SettledAsync(WorkspacePartition(tenant.WorkspaceId), (1, 3)));

            // A completed operation makes room: the same id is accepted now.
            await SendAsync(socket, new { id = "a", type = "complete" });
            await SubscribeAsync(socket, "d");
            Assert.Empty(await UntilPongAsync(socket));
            await api.EventsReachAsync(socket, tenant, "d");
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }

        Assert.Equal((0, 0), await api.SettledAsync(WorkspacePartition(tenant.WorkspaceId), (0, 0)));
    }

    [Fact]
    public async Task Subscribe_PastSubscriptionsPerWorkspace_IsRefusedOnAnySocketOfTheWorkspace()
    {
        var tenant = await TestTenant.CreateAsync(api);
        using var first = await api.AcknowledgedAsync(tenant.ApiKey);
        using var second = await api.AcknowledgedAsync(await api.SecondKeyAsync(tenant));
        foreach (var id in new[] { "a", "b", "c" })
        {
            await SubscribeAsync(first, id);
        }

        await SubscribeAsync(second, "x");
        await SubscribeAsync(second, "y");
        Assert.Empty(await UntilPongAsync(first));
        Assert.Empty(await UntilPongAsync(second));
        await SubscribeAsync(second, "z"); // the workspace's sixth, the socket's third
        AssertTooManyOperations(Assert.Single(await UntilPongAsync(second)), "z", SubscriptionsPerWorkspace, "workspace");
        await api.EventsReachAsync(first, tenant, "a", "b", "c");
        await api.EventsReachAsync(second, tenant, "x", "y");

        await SendAsync(first, new { id = "a", type = "complete" });
        await UntilPongAsync(first); // handled once its pong is back
        await SubscribeAsync(second, "z");
        Assert.Empty(await UntilPongAsync(second));
        await api.EventsReachAsync(second, tenant, "z");
        Assert.Equal((2, 5), await api.SettledAsync(WorkspacePartition(tenant.WorkspaceId), (2, 5)));
    }

    [Fact]
    public async Task Socket_PastSocketsPerKey_Closes1013AndTheKeysOtherSocketsGoOn()
    {
        var tenant = await TestTenant.CreateAsync(api);
        using var first = await api.AcknowledgedAsync(tenant.ApiKey);
        using (var second = await api.AcknowledgedAsync(tenant.ApiKey))
        {
            using var third = await api.InitiatedAsync(tenant.ApiKey);
            var (code, reason) = await ClosedWithAsync(third);
            Assert.Equal(1013, code);
            Assert.Contains("key", reason, StringComparison.Ordinal);
            Assert.Empty(await UntilPongAsync(first));
            Assert.Empty(await UntilPongAsync(second));
            await second.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }

        // The closed socket's place is free again, and only that one.
        Assert.Equal((1, 0), await api.SettledAsync(KeyPartition(tenant.ApiKeyId), (1, 0)));
        using var again = await api.AcknowledgedAsync(tenant.ApiKey);
        using var fourth = await api.InitiatedAsync(tenant.ApiKey);
        Assert.Equal(1013, (await ClosedWithAsync(fourth)).Code);
    }

    [Fact]
    public async Task Socket_PastSocketsPerWorkspace_Closes1013WhateverTheKey()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var otherKey = await api.SecondKeyAsync(tenant);
        using var a1 = await api.AcknowledgedAsync(tenant.ApiKey);
        using var a2 = await api.AcknowledgedAsync(tenant.ApiKey);
        using var b1 = await api.AcknowledgedAsync(otherKey);
        using var b2 = await api.InitiatedAsync(otherKey); // the other key's second, the workspace's fourth
        var (code, reason) = await ClosedWithAsync(b2);
        Assert.Equal(1013, code);
        Assert.Contains("workspace", reason, StringComparison.Ordinal);
        Assert.Empty(await UntilPongAsync(b1));
        Assert.Equal((3, 0), await api.SettledAsync(WorkspacePartition(tenant.WorkspaceId), (3, 0)));
    }

    [Fact]
    public async Task Socket_PastSocketsPerOrganization_Closes1013WhateverTheWorkspace()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var otherKey = await api.SecondKeyAsync(tenant);
        var siblingKey = await api.SiblingWorkspaceKeyAsync(tenant);
        using var a1 = await api.AcknowledgedAsync(tenant.ApiKey);
        using var a2 = await api.AcknowledgedAsync(tenant.ApiKey);
        using var b1 = await api.AcknowledgedAsync(otherKey);
        using var s1 = await api.AcknowledgedAsync(siblingKey); // the organization's fourth, in another workspace
        using var s2 = await api.InitiatedAsync(siblingKey); // the organization's fifth
        var (code, reason) = await ClosedWithAsync(s2);
        Assert.Equal(1013, code);
        Assert.Contains("organization", reason, StringComparison.Ordinal);
        Assert.Empty(await UntilPongAsync(s1));
        Assert.Equal((4, 0), await api.SettledAsync(OrganizationPartition(tenant.OrganizationId), (4, 0)));
    }

    [Fact]
    public async Task Socket_FloodingMessages_Closes1008AndTheKeysOtherSocketGoesOn()
    {
        var tenant = await TestTenant.CreateAsync(api);
        using var calm = await api.AcknowledgedAsync(tenant.ApiKey);
        using var flooding = await api.AcknowledgedAsync(tenant.ApiKey);

        // A burst up to the bucket's depth (the init took one token) is fine.
        for (var i = 1; i < MessageBurst; i++)
        {
            await SendAsync(flooding, new { type = "ping" });
        }

        for (var i = 1; i < MessageBurst; i++)
        {
            Assert.Equal("pong", (await ReceiveAsync(flooding))?.GetProperty("type").GetString());
        }

        // Far past it, read meanwhile so the server is never held up writing pongs.
        var closed = ClosedWithAsync(flooding);
        for (var i = 0; i < 200 && !closed.IsCompleted; i++)
        {
            try
            {
                await SendAsync(flooding, new { type = "ping" });
            }
            catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                break;
            }
        }

        var (code, reason) = await closed;
        Assert.Equal(1008, code);
        Assert.StartsWith("Too many messages", reason, StringComparison.Ordinal);
        Assert.Empty(await UntilPongAsync(calm));
        Assert.Equal((1, 0), await api.SettledAsync(KeyPartition(tenant.ApiKeyId), (1, 0)));
    }

    [Fact]
    public async Task Socket_SendingAgainOnceItsBucketRefilled_IsNotClosed()
    {
        var tenant = await TestTenant.CreateAsync(api);
        using var socket = await api.AcknowledgedAsync(tenant.ApiKey);
        for (var round = 0; round < 3; round++)
        {
            // Empty the bucket (the first round's init took one token), then let it refill: at 5 a second, 2 s refill
            // it whole; 3 s leave a margin (a timer may fire a little early against the limiter's clock, and the bucket
            // is capped, so waiting longer can never hide a missing refill). Without refilling, round two closes 1008.
            for (var i = round == 0 ? 1 : 0; i < MessageBurst; i++)
            {
                await SendAsync(socket, new { type = "ping" });
            }

            for (var i = round == 0 ? 1 : 0; i < MessageBurst; i++)
            {
                Assert.Equal("pong", (await ReceiveAsync(socket))?.GetProperty("type").GetString());
            }

            await Task.Delay(TimeSpan.FromSeconds(3));
        }
    }

    [Fact]
    public async Task Sockets_OpenedAndClosedMany_GiveBackEveryShareExactlyOnce()
    {
        var tenant = await TestTenant.CreateAsync(api);
        for (var i = 0; i < 30; i++)
        {
            using var socket = await AdmittedAsync(tenant.ApiKey);
            await SubscribeAsync(socket, "a");
            await SubscribeAsync(socket, "b");
            await SubscribeAsync(socket, "bad", "subscription { noSuchField }"); // fails as it starts
            await SubscribeAsync(socket, "q", "{ workspace { name } }"); // answers and completes
            await SubscribeAsync(socket, "c");
            await SubscribeAsync(socket, "d"); // over the socket's 3
            await SendAsync(socket, new { id = "a", type = "complete" });
            var said = await UntilPongAsync(socket);
            Assert.Equal(["bad", "d"], said.Where(m => m.GetProperty("type").GetString() == "error").Select(m => m.GetProperty("id").GetString()));
            if (i % 2 == 0)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
            }
            else
            {
                socket.Abort(); // the client vanishes without a close
            }
        }

        Assert.Equal((0, 0), await api.SettledAsync(KeyPartition(tenant.ApiKeyId), (0, 0)));
        Assert.Equal((0, 0), await api.SettledAsync(WorkspacePartition(tenant.WorkspaceId), (0, 0)));

        // Back to exactly nothing, not below: the key gets its two sockets and no third.
        using var first = await api.AcknowledgedAsync(tenant.ApiKey);
        using var second = await api.AcknowledgedAsync(tenant.ApiKey);
        using var third = await api.InitiatedAsync(tenant.ApiKey);
        Assert.Equal(1013, (await ClosedWithAsync(third)).Code);
    }

    // A socket of a key whose earlier sockets may still be leaving the server: retried while it answers 1013.
    private async Task<WebSocket> AdmittedAsync(string key)
    {
        for (var attempt = 0; ; attempt++)
        {
            var socket = await api.InitiatedAsync(key);
            var answer = await ReceiveAsync(socket);
            if (answer?.GetProperty("type").GetString() == "connection_ack")
            {
                return socket;
            }

            Assert.True(attempt < 100 && socket.CloseStatus == (WebSocketCloseStatus)1013, $"not admitted: {socket.CloseStatus}");
            socket.Dispose();
            await Task.Delay(50);
        }
    }
}
