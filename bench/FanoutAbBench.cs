using DqPlatform.Infrastructure.Messaging;
using DqPlatform.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace DqPlatform.Bench;

/// <summary>
/// Two API builds (or one build under two environments) each holding N subscribers of their own workspace, with events
/// published to one and then the other, round after round. The machine's drift over minutes (±15% here) falls on
/// both alike, so B/A shows a server change that separate runs cannot.
/// </summary>
public static class FanoutAbBench
{
    public static async Task RunAsync(int subscribers, int events, string? otherDll, IReadOnlyDictionary<string, string> otherEnvironment)
    {
        var database = new PostgresDatabase();
        await database.InitializeAsync();
        var redis = (await TestServers.RedisAsync()).ConnectionString;
        Guid workspaceA, workspaceB;
        string keyA, keyB;
        await using (var db = database.CreateDqContext())
        {
            (workspaceA, keyA) = await TestData.CreateTenantAsync(db, "fanout-a");
            (workspaceB, keyB) = await TestData.CreateTenantAsync(db, "fanout-b");
        }

        await using var apiA = await FanoutBench.StartApiAsync(database, redis, otherEnvironment, otherDll);
        await using var apiB = await FanoutBench.StartApiAsync(database, redis, new Dictionary<string, string>());
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis);
        var bus = new RedisEventBus(multiplexer, new EventListeners(NullLogger<EventListeners>.Instance), NullLogger<RedisEventBus>.Instance);
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(database.ConnectionString);
        // Both sides get logged events, as the product raises them (a build from before the log ignores the position).
        var log = new WorkspaceEventLog(dataSource);
        var sides = new[]
        {
            new Side("A (" + (otherDll ?? "same") + (otherEnvironment.Count > 0 ? " " + string.Join(' ', otherEnvironment.Select(e => e.Key + "=" + e.Value)) : "") + ")",
                apiA, workspaceA, await FanoutBench.SubscribeAsync(apiA, keyA, subscribers)),
            new Side("B (this build)", apiB, workspaceB, await FanoutBench.SubscribeAsync(apiB, keyB, subscribers)),
        };

        await Task.Delay(2000);
        for (var i = 0; i < FanoutBench.WarmUpEvents; i++)
        {
            foreach (var side in sides)
            {
                await FanoutBench.PublishAsync(bus, log, side.Subscribers, side.WorkspaceId, i); // not counted
                await Task.Delay(250);
            }
        }

        for (var i = FanoutBench.WarmUpEvents; i < FanoutBench.WarmUpEvents + events; i++)
        {
            // Alternate which goes first, so neither always follows the other's burst.
            foreach (var side in i % 2 == 0 ? sides : sides.Reverse())
            {
                var cpu = side.Api.ProcessorTime;
                side.Latencies.AddRange(await FanoutBench.PublishAsync(bus, log, side.Subscribers, side.WorkspaceId, i));
                side.ServerCpu += side.Api.ProcessorTime - cpu;
                await Task.Delay(250);
            }
        }

        foreach (var side in sides)
        {
            side.Latencies.Sort();
            Console.WriteLine($"{side.Name,-60} {subscribers} subscribers, {events} events: p50 {side.P(0.5),6:F1} ms   p99 {side.P(0.99),6:F1} ms   "
                + $"max {side.Latencies[^1],6:F1} ms   server CPU {side.ServerCpu.TotalMicroseconds / events / subscribers,5:F1} µs per message");
        }

        Console.WriteLine($"  B/A: p50 {sides[1].P(0.5) / sides[0].P(0.5):F2}   p99 {sides[1].P(0.99) / sides[0].P(0.99):F2}   "
            + $"server CPU {sides[1].ServerCpu / sides[0].ServerCpu:F2}   (below 1: B is faster)");
        foreach (var side in sides)
        {
            side.Subscribers.Dispose();
        }

        await multiplexer.DisposeAsync();
        await database.DisposeAsync();
    }

    private sealed class Side(string name, ApiProcess api, Guid workspaceId, SubscriberPoll subscribers)
    {
        public string Name { get; } = name;
        public ApiProcess Api { get; } = api;
        public Guid WorkspaceId { get; } = workspaceId;
        public SubscriberPoll Subscribers { get; } = subscribers;
        public List<double> Latencies { get; } = [];
        public TimeSpan ServerCpu { get; set; }

        public double P(double quantile) => Latencies[(int)(Latencies.Count * quantile)];
    }
}
