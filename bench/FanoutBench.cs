using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Incidents;
using DqPlatform.Infrastructure.Messaging;
using DqPlatform.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace DqPlatform.Bench;

/// <summary>
/// Issue 6's benchmark: N concurrent graphql-transport-ws subscribers on one API node; incident events published on
/// another "node" (this process, through Redis) and timed until each subscriber has it. Prints p50/p99 delivery
/// latency and the server's memory per connection.
/// </summary>
public static class FanoutBench
{
    public static async Task RunAsync(int[] subscriberCounts, int events)
    {
        var database = new PostgresDatabase();
        await database.InitializeAsync();
        var redis = (await TestServers.RedisAsync()).ConnectionString;
        Guid workspaceId;
        string apiKey;
        await using (var db = database.CreateDqContext())
        {
            (workspaceId, apiKey) = await TestData.CreateTenantAsync(db, "fanout");
        }

        await using var api = await ApiProcess.StartAsync(database.ConnectionString, redis, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            new Dictionary<string, string> { ["Dqp__Jobs__RunServer"] = "false", ["Dqp__RateLimit__PermitsPerSecond"] = "1000000", ["Dqp__RateLimit__Burst"] = "1000000" });
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis);
        var bus = new RedisEventBus(multiplexer, new EventListeners(NullLogger<EventListeners>.Instance), NullLogger<RedisEventBus>.Instance);
        var url = new Uri(api.BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/graphql");

        foreach (var count in subscriberCounts)
        {
            GC.Collect();
            await Task.Delay(1000);
            var before = api.ResidentBytes;
            var subscribers = new List<Subscriber>(count);
            foreach (var chunk in Enumerable.Range(0, count).Chunk(200))
            {
                subscribers.AddRange(await Task.WhenAll(chunk.Select(_ => Subscriber.ConnectAsync(url, apiKey))));
            }

            await Task.Delay(2000);
            var perConnection = (api.ResidentBytes - before) / (double)count;
            // The first event after the sockets open pays for JIT and first-use paths on both sides; it is printed on
            // its own and the percentiles are over the events after it.
            var first = await PublishAsync(bus, subscribers, workspaceId, 0);
            var latencies = new List<double>();
            for (var i = 1; i <= events; i++)
            {
                latencies.AddRange(await PublishAsync(bus, subscribers, workspaceId, i));
                await Task.Delay(250);
            }

            latencies.Sort();
            Console.WriteLine($"fan-out, {count,5} subscribers, {events} events: p50 {latencies[latencies.Count / 2],7:F1} ms   p99 {latencies[(int)(latencies.Count * 0.99)],7:F1} ms   "
                + $"max {latencies[^1],7:F1} ms   first event's max {first.Max(),6:F1} ms   server memory {perConnection / 1024,6:F1} KiB per connection (target p99 < 100 ms at 5,000)");
            foreach (var subscriber in subscribers)
            {
                subscriber.Dispose();
            }
        }

        await multiplexer.DisposeAsync();
        await database.DisposeAsync();
    }

    /// <summary>Publishes one incident event through Redis and answers each subscriber's delivery latency in ms.</summary>
    private static async Task<double[]> PublishAsync(RedisEventBus bus, List<Subscriber> subscribers, Guid workspaceId, int sequence)
    {
        var arrivals = subscribers.Select(s => s.NextAsync()).ToArray();
        var sent = Stopwatch.GetTimestamp();
        await bus.PublishAsync(new IncidentChanged(workspaceId, DateTimeOffset.UtcNow, Guid.NewGuid(), Guid.NewGuid(), IncidentChangeKind.Created,
            IncidentStatus.Open, Domain.Checks.CheckSeverity.Error, sequence + 1));
        var times = await Task.WhenAll(arrivals).WaitAsync(TimeSpan.FromSeconds(60));
        return [.. times.Select(t => Stopwatch.GetElapsedTime(sent, t).TotalMilliseconds)];
    }

    private sealed class Subscriber : IDisposable
    {
        private readonly ClientWebSocket _socket = new();
        private readonly byte[] _buffer = new byte[4096];

        public static async Task<Subscriber> ConnectAsync(Uri url, string key)
        {
            var subscriber = new Subscriber();
            subscriber._socket.Options.AddSubProtocol("graphql-transport-ws");
            await subscriber._socket.ConnectAsync(url, CancellationToken.None);
            await subscriber.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer " + key } });
            await subscriber.ReceiveAsync(); // connection_ack
            await subscriber.SendAsync(new { id = "1", type = "subscribe", payload = new { query = "subscription { incidentChanged { incidentId failureCount } }" } });
            return subscriber;
        }

        /// <summary>The timestamp at which the next message arrived.</summary>
        public async Task<long> NextAsync()
        {
            await ReceiveAsync();
            return Stopwatch.GetTimestamp();
        }

        private Task SendAsync(object message) =>
            _socket.SendAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message)), WebSocketMessageType.Text, true, CancellationToken.None);

        private async Task ReceiveAsync()
        {
            ValueWebSocketReceiveResult part;
            do
            {
                part = await _socket.ReceiveAsync(_buffer.AsMemory(), CancellationToken.None);
            }
            while (!part.EndOfMessage);
        }

        public void Dispose() => _socket.Dispose();
    }
}
