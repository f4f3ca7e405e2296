using System.Diagnostics;
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
    public static async Task RunAsync(int[] subscriberCounts, int events, IReadOnlyDictionary<string, string> apiEnvironment)
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

        await using var api = await StartApiAsync(database, redis, apiEnvironment);
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis);
        var bus = new RedisEventBus(multiplexer, new EventListeners(NullLogger<EventListeners>.Instance), NullLogger<RedisEventBus>.Instance);

        foreach (var count in subscriberCounts)
        {
            GC.Collect();
            await Task.Delay(1000);
            var before = api.ResidentBytes;
            var subscribers = await SubscribeAsync(api, apiKey, count);

            await Task.Delay(2000);
            var perConnection = (api.ResidentBytes - before) / (double)count;
            // The first event after the sockets open pays for JIT and first-use paths on both sides; it is printed on
            // its own and the percentiles are over the events after it.
            var first = await PublishAsync(bus, subscribers, workspaceId, 0);
            var latencies = new List<double>();
            TimeSpan serverCpu = default, clientCpu = default;
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            for (var i = 1; i <= events; i++)
            {
                // CPU is counted from just before a publish until every subscriber has the event: what one delivery
                // costs the server and this load client, which share the machine's cores.
                var (server, client) = (api.ProcessorTime, Cpu(self));
                latencies.AddRange(await PublishAsync(bus, subscribers, workspaceId, i));
                (serverCpu, clientCpu) = (serverCpu + api.ProcessorTime - server, clientCpu + Cpu(self) - client);
                await Task.Delay(250);
            }

            latencies.Sort();
            Console.WriteLine($"fan-out, {count,5} subscribers, {events} events: min {latencies[0],5:F1} ms   p50 {latencies[latencies.Count / 2],7:F1} ms   p99 {latencies[(int)(latencies.Count * 0.99)],7:F1} ms   "
                + $"max {latencies[^1],7:F1} ms   first event's max {first.Max(),6:F1} ms   server memory {perConnection / 1024,6:F1} KiB per connection (target p99 < 100 ms at 5,000)");
            Console.WriteLine($"  CPU per delivered message: server {serverCpu.TotalMicroseconds / events / count,5:F1} µs, load client {clientCpu.TotalMicroseconds / events / count,5:F1} µs");
            foreach (var subscriber in subscribers)
            {
                subscriber.Dispose();
            }
        }

        await multiplexer.DisposeAsync();
        await database.DisposeAsync();
    }

    /// <summary>An API node for the fan-out: no job server, no rate limit, the given extra environment.</summary>
    internal static Task<ApiProcess> StartApiAsync(PostgresDatabase database, string redis, IReadOnlyDictionary<string, string> environment, string? dll = null)
    {
        // The bench process's inline completions are not passed on; the given environment overrides any of these.
        var settings = new Dictionary<string, string> { ["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "0", ["Dqp__Jobs__RunServer"] = "false" };
        return BenchApi.StartAsync(database.ConnectionString, redis, settings.Concat(environment), dll);
    }

    /// <summary><paramref name="count"/> subscribers to <c>incidentChanged</c> on <paramref name="api"/>, 200 connecting at a time.</summary>
    internal static async Task<List<LoadSubscriber>> SubscribeAsync(ApiProcess api, string apiKey, int count)
    {
        var url = new Uri(api.BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/graphql");
        var subscribers = new List<LoadSubscriber>(count);
        foreach (var chunk in Enumerable.Range(0, count).Chunk(200))
        {
            subscribers.AddRange(await Task.WhenAll(chunk.Select(_ => LoadSubscriber.ConnectAsync(url, apiKey, "subscription { incidentChanged { incidentId failureCount } }"))));
        }

        return subscribers;
    }

    internal static TimeSpan Cpu(System.Diagnostics.Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    /// <summary>Publishes one incident event through Redis and answers each subscriber's delivery latency in ms.</summary>
    internal static async Task<double[]> PublishAsync(RedisEventBus bus, List<LoadSubscriber> subscribers, Guid workspaceId, int sequence)
    {
        var expected = Encoding.UTF8.GetBytes($"\"failureCount\":{sequence + 1}}}");
        var arrivals = subscribers.Select(s => ArrivalAsync(s, expected)).ToArray();
        var sent = Stopwatch.GetTimestamp();
        await bus.PublishAsync(new IncidentChanged(workspaceId, DateTimeOffset.UtcNow, Guid.NewGuid(), Guid.NewGuid(), IncidentChangeKind.Created,
            IncidentStatus.Open, Domain.Checks.CheckSeverity.Error, sequence + 1));
        var times = await Task.WhenAll(arrivals).WaitAsync(TimeSpan.FromSeconds(60));
        return [.. times.Select(t => Stopwatch.GetElapsedTime(sent, t).TotalMilliseconds)];
    }

    /// <summary>The timestamp at which the subscriber had this event (checked: a next message with its failure count).</summary>
    private static async Task<long> ArrivalAsync(LoadSubscriber subscriber, byte[] expected)
    {
        var message = await subscriber.ReceiveAsync();
        var at = Stopwatch.GetTimestamp();
        if (!message.Span.StartsWith("{\"id\":\"1\",\"type\":\"next\""u8) || message.Span.IndexOf(expected) < 0)
        {
            throw new InvalidOperationException("Unexpected message: " + Encoding.UTF8.GetString(message.Span));
        }

        return at;
    }
}
