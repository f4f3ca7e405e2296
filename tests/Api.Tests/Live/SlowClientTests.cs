using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Incidents;
using DqPlatform.Infrastructure.Messaging;
using DqPlatform.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using static DqPlatform.Api.Tests.Live.WebSocketMessages;

namespace DqPlatform.Api.Tests.Live;

/// <summary>
/// A subscriber that stops reading is dropped once it falls Dqp:Live:MaxQueuedMessages behind, instead of the server
/// queueing its messages without end; subscribers sharing its subscription keep getting every event. Real Kestrel
/// (a separate API process), so the client's TCP window really fills.
/// </summary>
[Collection(Checks.HangfireServersCollection.Name)]
public sealed class SlowClientTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    private const string Query = "subscription { incidentChanged { change incidentId checkId status severity failureCount at } }";

    private static async Task<ClientWebSocket> SubscribedAsync(Uri url, string key, int? receiveBufferBytes = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        using var handler = new SocketsHttpHandler
        {
            // A small kernel receive buffer, so a client that stops reading stops the server's sends after a few KB.
            ConnectCallback = async (context, ct) =>
            {
                var tcp = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                if (receiveBufferBytes is { } size)
                {
                    tcp.ReceiveBufferSize = size;
                }

                await tcp.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(tcp, ownsSocket: true);
            },
        };
        await socket.ConnectAsync(url, new HttpMessageInvoker(handler, disposeHandler: false), CancellationToken.None);
        await SendAsync(socket, new { type = "connection_init", payload = new { authorization = "Bearer " + key } });
        Assert.Equal("connection_ack", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());
        await SendAsync(socket, new { id = "s", type = "subscribe", payload = new { query = Query } });
        return socket;
    }

    private static int FailureCount(JsonElement message)
    {
        var data = message.TryGetProperty("payload", out var payload) && payload.TryGetProperty("data", out var d) ? d : default;
        Assert.True(data.ValueKind == JsonValueKind.Object, "not an event: " + message);
        return data.GetProperty("incidentChanged").GetProperty("failureCount").GetInt32();
    }

    [Fact]
    public async Task Subscription_WhenOneClientStopsReading_DropsItAndOthersGetEveryEvent()
    {
        var tenant = await TestTenant.CreateAsync(api);
        await using var node = await ApiProcess.StartAsync(api.Database.ConnectionString, api.RedisConnectionString, api.EncryptionKey,
            new Dictionary<string, string> { ["Dqp__Live__MaxQueuedMessages"] = "500", ["Dqp__Jobs__RunServer"] = "false" });
        var url = new Uri(node.BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/graphql");
        using var slow = await SubscribedAsync(url, tenant.ApiKey, receiveBufferBytes: 2048);
        using var reader = await SubscribedAsync(url, tenant.ApiKey);

        await using var redis = await ConnectionMultiplexer.ConnectAsync(api.RedisConnectionString);
        var otherNode = new RedisEventBus(redis, new EventListeners(NullLogger<EventListeners>.Instance), NullLogger<RedisEventBus>.Instance);
        IncidentChanged Event(int n) =>
            new(tenant.WorkspaceId, DateTimeOffset.UtcNow, Guid.NewGuid(), Guid.NewGuid(), IncidentChangeKind.Updated, IncidentStatus.Open, CheckSeverity.Error, n);

        // Both subscriptions live: publish probes until each socket has one.
        var slowFirst = ReceiveAsync(slow, 30);
        var readerFirst = ReceiveAsync(reader, 30);
        while (!slowFirst.IsCompleted || !readerFirst.IsCompleted)
        {
            await otherNode.PublishAsync(Event(0));
            await Task.WhenAny(Task.WhenAll(slowFirst, readerFirst), Task.Delay(200));
        }

        // From here on the slow client reads nothing while the reader keeps up.
        const int events = 60_000; // about 15 MB of messages, past what the kernel buffers for a socket
        var received = new List<int>();
        var readCount = 0;
        var reading = Task.Run(async () =>
        {
            while (received.Count < events && await ReceiveAsync(reader, 30) is { } message)
            {
                // A probe published just before both had one may still be on its way through Redis: skip probes.
                // (A ping's pong did not fence them off: it is answered at once, ahead of an event still in Redis.)
                if (FailureCount(message) == 0)
                {
                    continue;
                }

                received.Add(FailureCount(message));
                Interlocked.Increment(ref readCount);
            }
        });
        for (var i = 2; i <= events + 1; i++)
        {
            await otherNode.PublishAsync(Event(i));
            while (i - Volatile.Read(ref readCount) > 200 && !reading.IsCompleted)
            {
                await Task.Delay(1); // the reader keeps up: only the slow client falls behind
            }
        }

        await reading;
        Assert.Equal(Enumerable.Range(2, events), received.Take(events)); // the shared stream kept going, in order

        // The slow client finds its connection dropped after what the server had already sent.
        var drained = 0;
        var dropped = false;
        try
        {
            while (await ReceiveAsync(slow, 10) is not null)
            {
                drained++;
            }

            dropped = slow.State != WebSocketState.Open;
        }
        catch (WebSocketException)
        {
            dropped = true;
        }

        Assert.True(dropped, $"the slow socket is still open after reading {drained} messages");
        Assert.True(drained < events, $"the slow socket got all {drained} messages; nothing was held back");
    }
}
