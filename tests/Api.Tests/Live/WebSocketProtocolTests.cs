using System.Net.WebSockets;
using System.Text.Json;
using DqPlatform.Api.Live;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Incidents;
using DqPlatform.GraphQL.WebSockets;
using DqPlatform.Infrastructure.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static DqPlatform.Api.Tests.Live.WebSocketMessages;

namespace DqPlatform.Api.Tests.Live;

/// <summary>graphql-transport-ws on /graphql: the happy path with workspace filtering, and the protocol's error paths.</summary>
public sealed class WebSocketProtocolTests(DqApiFactory api) : IClassFixture<DqApiFactory>, IAsyncLifetime
{
    private TestTenant _tenant = null!;

    public async Task InitializeAsync() => _tenant = await TestTenant.CreateAsync(api);

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<WebSocket> ConnectAsync(bool withProtocol = true)
    {
        var client = api.Server.CreateWebSocketClient();
        if (withProtocol)
        {
            client.SubProtocols.Add("graphql-transport-ws");
        }

        return await client.ConnectAsync(new Uri("ws://localhost/graphql"), CancellationToken.None);
    }

    private static async Task<int?> ClosedWithAsync(WebSocket socket, int seconds = 10)
    {
        while (await ReceiveAsync(socket, seconds) is not null)
        {
        }

        return (int?)socket.CloseStatus;
    }

    private async Task<WebSocket> AcknowledgedAsync(string? key = null)
    {
        var socket = await ConnectAsync();
        await SendAsync(socket, new { type = "connection_init", payload = new { authorization = "Bearer " + (key ?? _tenant.ApiKey) } });
        var ack = await ReceiveAsync(socket);
        Assert.Equal("connection_ack", ack!.Value.GetProperty("type").GetString());
        return socket;
    }

    [Fact]
    public async Task Subscription_UntilCompleted_GetsOnlyItsWorkspacesEvents()
    {
        using var socket = await AcknowledgedAsync();
        await SendAsync(socket, new { type = "ping" });
        Assert.Equal("pong", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());

        await SendAsync(socket, new { id = "s1", type = "subscribe", payload = new { query = "subscription { incidentChanged(minSeverity: ERROR) { change incidentId severity failureCount } }" } });
        var bus = api.Services.GetRequiredService<IEventBus>();
        var mine = new IncidentChanged(_tenant.WorkspaceId, DateTimeOffset.UtcNow, Guid.NewGuid(), Guid.NewGuid(), IncidentChangeKind.Created, IncidentStatus.Open, CheckSeverity.Fatal, 3);
        // The subscription starts asynchronously: publish until it is live (one receive stays pending meanwhile).
        var receiving = ReceiveAsync(socket, 30);
        while (!receiving.IsCompleted)
        {
            await bus.PublishAsync(mine with { WorkspaceId = Guid.NewGuid(), FailureCount = 99 }); // another tenant's
            await bus.PublishAsync(mine with { Severity = CheckSeverity.Warning, FailureCount = 98 }); // below minSeverity
            await bus.PublishAsync(mine);
            await Task.WhenAny(receiving, Task.Delay(300));
        }

        var next = (await receiving)!.Value;
        Assert.Equal(("next", "s1"), (next.GetProperty("type").GetString(), next.GetProperty("id").GetString()));
        var data = next.GetProperty("payload").GetProperty("data").GetProperty("incidentChanged");
        Assert.Equal(("CREATED", "FATAL", 3), (data.GetProperty("change").GetString(), data.GetProperty("severity").GetString(), data.GetProperty("failureCount").GetInt32()));

        await SendAsync(socket, new { id = "s1", type = "complete" });
        await SendAsync(socket, new { type = "ping" });
        while ((await ReceiveAsync(socket))!.Value.GetProperty("type").GetString() != "pong")
        {
            // Events published before the complete may still be on their way.
        }

        await bus.PublishAsync(mine with { FailureCount = 4 });
        await SendAsync(socket, new { type = "ping" });
        var after = (await ReceiveAsync(socket))!.Value;
        Assert.Equal("pong", after.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Socket_WithQueryOrInvalidDocument_RunsItOrAnswersErrorMessage()
    {
        using var socket = await AcknowledgedAsync();
        await SendAsync(socket, new { id = "q", type = "subscribe", payload = new { query = "{ workspace { name } }" } });
        var next = (await ReceiveAsync(socket))!.Value;
        Assert.Equal("next", next.GetProperty("type").GetString());
        Assert.StartsWith("ws-", next.GetProperty("payload").GetProperty("data").GetProperty("workspace").GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Equal("complete", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());

        await SendAsync(socket, new { id = "bad", type = "subscribe", payload = new { query = "subscription { noSuchField }" } });
        var error = (await ReceiveAsync(socket))!.Value;
        Assert.Equal(("error", "bad"), (error.GetProperty("type").GetString(), error.GetProperty("id").GetString()));
        Assert.Equal(JsonValueKind.Array, error.GetProperty("payload").ValueKind);
    }

    [Fact]
    public async Task Socket_WithoutInitWithinTimeout_Closes4408() => Assert.Equal(4408, await ClosedWithAsync(await ConnectAsync()));

    [Fact]
    public async Task Socket_WithSecondInit_Closes4429()
    {
        using var socket = await AcknowledgedAsync();
        await SendAsync(socket, new { type = "connection_init", payload = new { authorization = "Bearer " + _tenant.ApiKey } });
        Assert.Equal(4429, await ClosedWithAsync(socket));
    }

    [Theory]
    [InlineData("Bearer dqp_notarealkeyatall_000000000000000000000000000")]
    [InlineData("")]
    public async Task Socket_WithBadKey_Closes4403(string authorization)
    {
        using var socket = await ConnectAsync();
        await SendAsync(socket, new { type = "connection_init", payload = new { authorization } });
        Assert.Equal(4403, await ClosedWithAsync(socket));
    }

    [Fact]
    public async Task Socket_SubscribingBeforeAck_Closes4401()
    {
        using var socket = await ConnectAsync();
        await SendAsync(socket, new { id = "1", type = "subscribe", payload = new { query = "{ __typename }" } });
        Assert.Equal(4401, await ClosedWithAsync(socket));
    }

    [Fact]
    public async Task Socket_WithDuplicateSubscriptionId_Closes4409()
    {
        using var socket = await AcknowledgedAsync();
        var subscribe = new { id = "same", type = "subscribe", payload = new { query = "subscription { checkResultAdded { checkId } }" } };
        await SendAsync(socket, subscribe);
        await SendAsync(socket, subscribe);
        Assert.Equal(4409, await ClosedWithAsync(socket));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"type":"no_such_type"}""")]
    [InlineData("""{"id":"x","type":"subscribe"}""")]
    public async Task Socket_WithInvalidMessage_Closes4400(string message)
    {
        using var socket = await AcknowledgedAsync();
        await SendTextAsync(socket, message);
        Assert.Equal(4400, await ClosedWithAsync(socket));
    }

    [Fact]
    public async Task Socket_WithOversizedMessage_Closes1009()
    {
        using var socket = await AcknowledgedAsync();
        await SendTextAsync(socket, JsonSerializer.Serialize(new { id = "big", type = "subscribe", payload = new { query = "{ __typename }" + new string(' ', 70_000) } }));
        Assert.Equal((int)WebSocketCloseStatus.MessageTooBig, await ClosedWithAsync(socket));
    }

    [Fact]
    public async Task Socket_WithMessageAtSizeLimit_ReadsItAndOneByteMoreCloses1009()
    {
        var limit = api.Services.GetRequiredService<IOptions<GraphQLWebSocketOptions>>().Value.MaxMessageBytes;
        var ping = """{"type":"ping"}""";
        using var socket = await AcknowledgedAsync();
        await SendTextAsync(socket, ping + new string(' ', limit - ping.Length));
        Assert.Equal("pong", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());

        await SendTextAsync(socket, ping + new string(' ', limit + 1 - ping.Length));
        Assert.Equal((int)WebSocketCloseStatus.MessageTooBig, await ClosedWithAsync(socket));
    }

    [Fact]
    public async Task Socket_WithMessageSentInFragments_ReadsItWhole()
    {
        using var socket = await AcknowledgedAsync();
        foreach (var (part, last) in new[] { ("{\"ty", false), ("pe\":", false), ("", false), ("\"ping\"}", true) })
        {
            await socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(part), WebSocketMessageType.Text, last, CancellationToken.None);
        }

        Assert.Equal("pong", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Socket_WithoutSubprotocol_Closes4406() => Assert.Equal(4406, await ClosedWithAsync(await ConnectAsync(withProtocol: false)));

    [Fact]
    public async Task Socket_WhenItsKeyIsRevoked_Closes4403()
    {
        var other = await TestTenant.CreateAsync(api);
        var watch = api.Services.GetRequiredService<LiveKeyWatch>();
        var sockets = new[] { await AcknowledgedAsync(other.ApiKey), await AcknowledgedAsync(other.ApiKey), await AcknowledgedAsync(other.ApiKey) };
        Assert.Equal(3, watch.WatchersOf(other.ApiKey)); // three sockets under one key, checked once an interval
        await using (var db = api.Database.CreateDqContext())
        {
            await db.ApiKeys.Where(k => k.Id == other.ApiKeyId).ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, DateTimeOffset.UtcNow));
        }

        foreach (var socket in sockets)
        {
            Assert.Equal(4403, await ClosedWithAsync(socket, seconds: 15));
            socket.Dispose();
        }

        Assert.Equal(0, watch.WatchersOf(other.ApiKey));
    }

    [Fact]
    public async Task Socket_WhenClosed_StopsWatchingItsKey()
    {
        var other = await TestTenant.CreateAsync(api);
        var watch = api.Services.GetRequiredService<LiveKeyWatch>();
        using (var socket = await AcknowledgedAsync(other.ApiKey))
        {
            Assert.Equal(1, watch.WatchersOf(other.ApiKey));
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }

        // The server ends the session after answering the close; its watch goes with it.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (watch.WatchersOf(other.ApiKey) != 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(0, watch.WatchersOf(other.ApiKey));
    }
}
