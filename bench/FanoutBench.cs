using System.Diagnostics;
using System.Text;
using System.Text.Json;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Incidents;
using DqPlatform.Infrastructure.Messaging;
using DqPlatform.TestSupport;
using Npgsql;
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
    /// <summary>Events published before the measured ones, after the sockets open.</summary>
    internal const int WarmUpEvents = 10;

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
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        // As the product does: each event takes its position in the workspace's log, then goes out through Redis.
        var log = new WorkspaceEventLog(dataSource);

        foreach (var count in subscriberCounts)
        {
            GC.Collect();
            await Task.Delay(1000);
            var before = api.ResidentBytes;
            using var subscribers = await SubscribeAsync(api, apiKey, count);

            await Task.Delay(2000);
            var perConnection = (api.ResidentBytes - before) / (double)count;
            // The events right after the sockets open pay for JIT and first-use paths on both sides, and for the server's
            // first collections after the connection storm, which copy the state of the newest sockets (a 19-31 ms gen1
            // pause, seen with dotnet-counters). They are printed on their own; the percentiles are the steady state.
            var warmUp = new List<double[]>();
            for (var i = 0; i < WarmUpEvents; i++)
            {
                warmUp.Add(await PublishAsync(bus, log, subscribers, workspaceId, i));
                await Task.Delay(250);
            }

            var latencies = new List<double>();
            var lastArrivals = new List<double>();
            TimeSpan serverCpu = default, clientCpu = default;
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            for (var i = WarmUpEvents; i < WarmUpEvents + events; i++)
            {
                // CPU is counted from just before a publish until every subscriber has the event: what one delivery
                // costs the server and this load client, which share the machine's cores.
                var (server, client) = (api.ProcessorTime, Cpu(self));
                var delivered = await PublishAsync(bus, log, subscribers, workspaceId, i);
                latencies.AddRange(delivered);
                lastArrivals.Add(delivered.Max());
                (serverCpu, clientCpu) = (serverCpu + api.ProcessorTime - server, clientCpu + Cpu(self) - client);
                await Task.Delay(250);
            }

            double[] all = [.. latencies, .. warmUp.SelectMany(w => w)];
            Array.Sort(all);
            latencies.Sort();
            Console.WriteLine($"fan-out, {count,5} subscribers, {events} events: min {latencies[0],5:F1} ms   p50 {latencies[latencies.Count / 2],7:F1} ms   p99 {latencies[(int)(latencies.Count * 0.99)],7:F1} ms   "
                + $"max {latencies[^1],7:F1} ms   server memory {perConnection / 1024,6:F1} KiB per connection (target p99 < 100 ms at 5,000)");
            // p99 is a few events' tails, so one slow event moves it: these show whether one did.
            Console.WriteLine($"  each event's last arrival (ms): {Milliseconds(lastArrivals)}   warm-up events': {Milliseconds(warmUp.Select(w => w.Max()))}   "
                + $"p99 with the warm-up: {all[(int)(all.Length * 0.99)]:F1} ms");
            Console.WriteLine($"  CPU per delivered message: server {serverCpu.TotalMicroseconds / events / count,5:F1} µs, load client {clientCpu.TotalMicroseconds / events / count,5:F1} µs");
        }

        await multiplexer.DisposeAsync();
        await database.DisposeAsync();
    }

    /// <summary>
    /// An API node for the fan-out: no job server, no rate limit, live shares that hold 5,000 sockets of one key (the
    /// defaults allow a key 500 sockets on a node), the given extra environment.
    /// </summary>
    internal static Task<ApiProcess> StartApiAsync(PostgresDatabase database, string redis, IReadOnlyDictionary<string, string> environment, string? dll = null)
    {
        // The given environment overrides these.
        var settings = new Dictionary<string, string>
        {
            ["Dqp__Jobs__RunServer"] = "false",
            ["Dqp__Live__MaxSocketsPerKey"] = "10000",
            ["Dqp__Live__MaxSocketsPerWorkspace"] = "10000",
            ["Dqp__Live__MaxSubscriptionsPerWorkspace"] = "10000",
            ["Dqp__Live__MaxSocketsPerOrganization"] = "10000",
            ["Dqp__Live__MaxSubscriptionsPerOrganization"] = "10000",
        };
        return BenchApi.StartAsync(database.ConnectionString, redis, settings.Concat(environment), dll);
    }

    /// <summary><paramref name="count"/> subscribers to <c>incidentChanged</c> on <paramref name="api"/>, 32 connecting at a time.</summary>
    internal static async Task<SubscriberPoll> SubscribeAsync(ApiProcess api, string apiKey, int count)
    {
        var url = new Uri(api.BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/graphql");
        var subscribers = new LoadSubscriber[count];
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        const int Connecting = 32;
        // Blocking calls on threads of their own: the thread pool would add threads for them only slowly.
        var threads = Enumerable.Range(0, Connecting).Select(t => new Thread(() =>
        {
            try
            {
                for (var i = t; i < count; i += Connecting)
                {
                    subscribers[i] = LoadSubscriber.Connect(url, apiKey, "subscription { incidentChanged { incidentId failureCount } }");
                }
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        await Task.Run(() => threads.ForEach(t => t.Join()));
        if (!failures.IsEmpty)
        {
            foreach (var subscriber in subscribers.OfType<LoadSubscriber>())
            {
                subscriber.Dispose();
            }

            throw new AggregateException($"{subscribers.Count(s => s is null)} of {count} subscribers could not connect.", failures);
        }

        return new SubscriberPoll(subscribers);
    }

    private static string Milliseconds(IEnumerable<double> values) =>
        string.Join(' ', values.Select(v => v.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)));

    internal static TimeSpan Cpu(System.Diagnostics.Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    /// <summary>
    /// Publishes one incident event through Redis, logged first when <paramref name="log"/> is given (timed from before
    /// the append), and answers each subscriber's delivery latency in ms.
    /// </summary>
    internal static async Task<double[]> PublishAsync(RedisEventBus bus, WorkspaceEventLog? log, SubscriberPoll subscribers, Guid workspaceId, int sequence)
    {
        var arrivals = subscribers.NextAsync(Encoding.UTF8.GetBytes($"\"failureCount\":{sequence + 1}}}"));
        var sent = Stopwatch.GetTimestamp();
        DqEvent changed = new IncidentChanged(workspaceId, DateTimeOffset.UtcNow, Guid.NewGuid(), Guid.NewGuid(), IncidentChangeKind.Created,
            IncidentStatus.Open, Domain.Checks.CheckSeverity.Error, sequence + 1);
        await bus.PublishAsync(log is null ? changed : await log.AppendAsync(changed, CancellationToken.None));
        var times = await arrivals.WaitAsync(TimeSpan.FromSeconds(60));
        return [.. times.Select(t => Stopwatch.GetElapsedTime(sent, t).TotalMilliseconds)];
    }
}
