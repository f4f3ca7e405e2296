using System.Net.WebSockets;
using System.Text.Json;
using DqPlatform.Api.Live;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Incidents;
using DqPlatform.GraphQL.WebSockets;
using DqPlatform.Infrastructure.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using static DqPlatform.Api.Tests.Live.WebSocketMessages;

namespace DqPlatform.Api.Tests.Live;

/// <summary>
/// Sockets with the same subscription share one execution per event (SubscriptionGroups): each still gets only its
/// workspace's events, under its own operation id, and leaves on its own; events from other nodes arrive in order.
/// </summary>
public sealed class SubscriptionGroupTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    private const string Query = "subscription { incidentChanged { incidentId failureCount } }";

    private async Task<WebSocket> SubscribedAsync(TestTenant tenant, string id)
    {
        var client = api.Server.CreateWebSocketClient();
        client.SubProtocols.Add("graphql-transport-ws");
        var socket = await client.ConnectAsync(new Uri("ws://localhost/graphql"), CancellationToken.None);
        await SendAsync(socket, new { type = "connection_init", payload = new { authorization = "Bearer " + tenant.ApiKey } });
        Assert.Equal("connection_ack", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());
        await SendAsync(socket, new { id, type = "subscribe", payload = new { query = Query } });
        return socket;
    }

    private static IncidentChanged Event(TestTenant tenant, int failureCount) =>
        new(tenant.WorkspaceId, DateTimeOffset.UtcNow, Guid.NewGuid(), Guid.NewGuid(), IncidentChangeKind.Updated, IncidentStatus.Open, CheckSeverity.Error, failureCount);

    private static (string Type, string? Id, int FailureCount) Read(JsonElement message) =>
        (message.GetProperty("type").GetString()!, message.TryGetProperty("id", out var id) ? id.GetString() : null,
            message.TryGetProperty("payload", out var payload) ? payload.GetProperty("data").GetProperty("incidentChanged").GetProperty("failureCount").GetInt32() : 0);

    /// <summary>Publishes <paramref name="probe"/> until every socket has received a message, and answers those messages.</summary>
    private async Task<JsonElement[]> UntilLiveAsync(IncidentChanged probe, params WebSocket[] sockets)
    {
        var bus = api.Services.GetRequiredService<IEventBus>();
        var receiving = sockets.Select(s => ReceiveAsync(s, 30)).ToArray();
        var all = Task.WhenAll(receiving);
        while (!all.IsCompleted)
        {
            await bus.PublishAsync(probe);
            await Task.WhenAny(all, Task.Delay(200));
        }

        return [.. (await all).Select(m => m!.Value)];
    }

    /// <summary>
    /// The next message that is not a leftover probe: a probe published just before the sockets went live may reach a
    /// socket after a later ping's pong (it travels through Redis, the pong does not).
    /// </summary>
    private static async Task<JsonElement> PastProbesAsync(WebSocket socket, int probe)
    {
        while (true)
        {
            var message = (await ReceiveAsync(socket))!.Value;
            if (Read(message) is not ("next", _, var value) || value != probe)
            {
                return message;
            }
        }
    }

    /// <summary>Reads past repeated probes until the pong that answers a ping sent now.</summary>
    private static async Task DrainAsync(WebSocket socket)
    {
        await SendAsync(socket, new { type = "ping" });
        while ((await ReceiveAsync(socket))!.Value.GetProperty("type").GetString() != "pong")
        {
        }
    }

    [Fact]
    public async Task SubscriptionGroup_SharedBySockets_GivesEachItsWorkspacesEventsUnderItsOwnIdAndLetsEachLeaveAlone()
    {
        var groups = api.Services.GetRequiredService<SubscriptionGroups>();
        var tenant = await TestTenant.CreateAsync(api);
        var other = await TestTenant.CreateAsync(api);
        using var first = await SubscribedAsync(tenant, "a");
        using var second = await SubscribedAsync(tenant, "b");
        using var stranger = await SubscribedAsync(other, "a"); // same document, another workspace

        var probes = await UntilLiveAsync(Event(tenant, 1), first, second);
        Assert.Equal([("next", "a", 1), ("next", "b", 1)], probes.Select(Read));

        var strangers = await UntilLiveAsync(Event(other, 2), stranger);
        Assert.Equal(("next", "a", 2), Read(strangers[0])); // its first message is its own workspace's event, not tenant's
        Assert.Equal((1, 1), (groups.CountIn(tenant.WorkspaceId), groups.CountIn(other.WorkspaceId))); // three sockets, two groups
        await DrainAsync(first);
        await DrainAsync(second);

        await SendAsync(first, new { id = "a", type = "complete" });
        await DrainAsync(first);
        var bus = api.Services.GetRequiredService<IEventBus>();
        await bus.PublishAsync(Event(tenant, 3));
        Assert.Equal(("next", "b", 3), Read(await PastProbesAsync(second, 1)));
        await SendAsync(first, new { type = "ping" });
        Assert.Equal("pong", Read(await PastProbesAsync(first, 1)).Type); // the completed operation got nothing

        await SendAsync(second, new { id = "b", type = "complete" });
        await stranger.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        await DrainAsync(second);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (groups.CountIn(tenant.WorkspaceId) + groups.CountIn(other.WorkspaceId) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal((0, 0), (groups.CountIn(tenant.WorkspaceId), groups.CountIn(other.WorkspaceId))); // the last member out ends each group
    }

    [Fact]
    public async Task SubscriptionGroup_WhenFeedingSocketCloses_OutlivesIt()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var feeding = await SubscribedAsync(tenant, "a");
        await UntilLiveAsync(Event(tenant, 1), feeding); // its stream now feeds the group
        using var second = await SubscribedAsync(tenant, "b");
        await UntilLiveAsync(Event(tenant, 2), second);
        await DrainAsync(second);

        // Closing ends the feeding socket's session and cancels everything it started; the stream it handed to the
        // group must keep running for the others.
        await feeding.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        while (await ReceiveAsync(feeding) is not null)
        {
            // probes still on their way; null once the server answered the close and the session is over
        }

        Assert.Equal(WebSocketCloseStatus.NormalClosure, feeding.CloseStatus);
        feeding.Dispose();
        var bus = api.Services.GetRequiredService<IEventBus>();
        var receiving = ReceiveAsync(second, 15);
        for (var i = 0; i < 20 && !receiving.IsCompleted; i++)
        {
            await bus.PublishAsync(Event(tenant, 3));
            await Task.WhenAny(receiving, Task.Delay(250));
        }

        Assert.Equal(("next", "b", 3), Read((await receiving)!.Value));
    }

    [Fact]
    public async Task Subscription_EventsPublishedOnAnotherNode_ArriveInPublishOrder()
    {
        var tenant = await TestTenant.CreateAsync(api);
        using var socket = await SubscribedAsync(tenant, "s");
        await UntilLiveAsync(Event(tenant, 0), socket);
        await DrainAsync(socket);

        await using var redis = await ConnectionMultiplexer.ConnectAsync(api.RedisConnectionString);
        var otherNode = new RedisEventBus(redis, new EventListeners(NullLogger<EventListeners>.Instance), NullLogger<RedisEventBus>.Instance);
        const int count = 300;
        for (var i = 1; i <= count; i++)
        {
            await otherNode.PublishAsync(Event(tenant, i));
        }

        var received = new List<int>();
        while (received.Count < count && await ReceiveAsync(socket) is { } message)
        {
            if (Read(message).FailureCount != 0 || received.Count > 0) // a late probe (0) may precede the run
            {
                received.Add(Read(message).FailureCount);
            }
        }

        Assert.Equal(Enumerable.Range(1, count), received);
    }
}
