using System.Diagnostics;
using System.Net;
using DqPlatform.Api.Tests.GraphQL;
using DqPlatform.TestSupport;
using Xunit.Abstractions;

namespace DqPlatform.Api.Tests.Resilience;

/// <summary>
/// PostgreSQL and Redis restarted under a steady load of queries, mutations and a live subscription, on servers of
/// this class's own and real API processes: while a dependency is away requests answer 503 SERVICE_UNAVAILABLE (never
/// INTERNAL) or keep working, and once it is back every request succeeds and every event arrives exactly once.
/// </summary>
public sealed class DependencyOutageTests(OwnServersFactory api, ITestOutputHelper output) : IClassFixture<OwnServersFactory>
{
    private static readonly TimeSpan Warm = TimeSpan.FromSeconds(3);

    // The load is one key's; the per-key rate limit (100/s) is not what these tests measure.
    private static readonly Dictionary<string, string> Unlimited = new()
    {
        ["Dqp__RateLimit__PermitsPerSecond"] = "1000000",
        ["Dqp__RateLimit__Burst"] = "1000000",
    };

    [Fact]
    public async Task PostgresRestart_UnderLoad_AnswersServiceUnavailableWhileDownAndEverythingOnceBack()
    {
        var (tenant, incidents) = await TenantWithIncidentsAsync(600);
        await using var node = await ApiProcess.StartAsync(api.Database.ConnectionString, api.Redis.ConnectionString, api.EncryptionKey, Unlimited);
        await using var subscriber = await LiveSubscriber.StartAsync(node.BaseUrl, tenant.ApiKey);
        var clock = Stopwatch.StartNew();
        await using var load = new RequestLoad(node.BaseUrl, tenant.ApiKey, incidents, queryLoops: 3, clock);

        await Task.Delay(Warm);
        var stopping = clock.Elapsed;
        await api.Postgres.StopProcessAsync();
        await Task.Delay(TimeSpan.FromSeconds(5));
        await api.Postgres.StartProcessAsync();
        var back = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(8));
        await load.StopAsync();

        var outcomes = load.Outcomes.ToList();
        var before = outcomes.Where(o => o.Answered < stopping).ToList();
        var during = outcomes.Where(o => o.Answered >= stopping && o.Sent < back).ToList();
        var after = outcomes.Where(o => o.Sent >= back).ToList();
        // Recovery: the first success answered once it was back (requests still retrying from the outage included).
        var firstAfter = outcomes.Where(o => o.Ok && o.Answered >= back).Select(o => o.Answered - back).DefaultIfEmpty(TimeSpan.MaxValue).Min();
        var lastFailure = outcomes.Where(o => !o.Ok).Select(o => o.Answered - back).DefaultIfEmpty(TimeSpan.Zero).Max();
        var expected = load.Changed.ToList();
        var missing = await subscriber.MissingAfterWaitingAsync(expected, TimeSpan.FromSeconds(30));
        var duplicates = subscriber.Events.GroupBy(e => e).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        output.WriteLine($"PostgreSQL restart: {outcomes.Count} requests ({outcomes.Count(o => o.Kind == "mutation")} mutations); " +
            $"before: {before.Count} sent, {before.Count(o => !o.Ok)} failed; " +
            $"during the outage ({(back - stopping).TotalSeconds:0.0} s): {during.Count} answered, {during.Count(o => o.Ok)} succeeded, " +
            $"{during.Count(o => o.Unavailable)} answered 503 SERVICE_UNAVAILABLE, {during.Count(o => !o.Ok && !o.Unavailable)} otherwise; " +
            $"after: {after.Count} sent, {after.Count(o => !o.Ok)} failed; first success answered {firstAfter.TotalSeconds:0.00} s after PostgreSQL was back, " +
            $"last failure answered {lastFailure.TotalSeconds:0.00} s after it was back; events: {expected.Count} expected, {subscriber.Events.Count} received, " +
            $"{missing.Count} missing, {duplicates.Count} duplicated");

        Assert.All(before, o => Assert.True(o.Ok, o.ToString()));
        Assert.All(outcomes, o => Assert.True(o.Ok || o.Unavailable, o.ToString()));
        Assert.Contains(during, o => o.Unavailable);
        Assert.All(after, o => Assert.True(o.Ok, o.ToString()));
        Assert.Contains(after, o => o.Kind == "mutation");
        Assert.Empty(missing);
        Assert.Empty(duplicates);
        Assert.Empty(subscriber.Problems);
    }

    [Fact]
    public async Task PostgresQuickRestart_BetweenTwoLoads_NoRequestMeetsAStaleConnection()
    {
        var (tenant, incidents) = await TenantWithIncidentsAsync(600);
        await using var node = await ApiProcess.StartAsync(api.Database.ConnectionString, api.Redis.ConnectionString, api.EncryptionKey, Unlimited);
        await using var subscriber = await LiveSubscriber.StartAsync(node.BaseUrl, tenant.ApiKey);
        var clock = Stopwatch.StartNew();
        // Six loops at once leave the node's pools holding several idle connections, all of which the restart breaks.
        var expected = new List<(string, string)>();
        await using (var warm = new RequestLoad(node.BaseUrl, tenant.ApiKey, incidents[..(incidents.Count / 2)], queryLoops: 5, clock))
        {
            await Task.Delay(Warm);
            await warm.StopAsync();
            Assert.All(warm.Outcomes, o => Assert.True(o.Ok, o.ToString()));
            expected.AddRange(warm.Changed);
        }

        // Nothing is asked while it is down: only the pooled connections know of the restart.
        var stopping = clock.Elapsed;
        await api.Postgres.StopProcessAsync();
        await api.Postgres.StartProcessAsync();
        var back = clock.Elapsed;
        await using var after = new RequestLoad(node.BaseUrl, tenant.ApiKey, incidents[(incidents.Count / 2)..], queryLoops: 5, clock);
        await Task.Delay(TimeSpan.FromSeconds(5));
        await after.StopAsync();

        var outcomes = after.Outcomes.ToList();
        expected.AddRange(after.Changed);
        var missing = await subscriber.MissingAfterWaitingAsync(expected, TimeSpan.FromSeconds(30));
        var duplicates = subscriber.Events.Count - subscriber.Events.Distinct().Count();
        output.WriteLine($"PostgreSQL quick restart ({(back - stopping).TotalSeconds:0.00} s, no requests meanwhile): after it, {outcomes.Count} requests " +
            $"({outcomes.Count(o => o.Kind == "mutation")} mutations), {outcomes.Count(o => !o.Ok)} failed; " +
            $"events: {expected.Count} expected, {subscriber.Events.Count} received, {missing.Count} missing, {duplicates} duplicated");

        Assert.All(outcomes, o => Assert.True(o.Ok, o.ToString()));
        Assert.Contains(outcomes, o => o.Kind == "mutation");
        Assert.Empty(missing);
        Assert.Equal(0, duplicates);
    }

    [Fact]
    public async Task RedisRestart_UnderLoad_KeepsServingReportsUnreadyAndDeliversEveryEventOnceOnBothNodes()
    {
        var (tenant, incidents) = await TenantWithIncidentsAsync(600);
        await using var nodeA = await ApiProcess.StartAsync(api.Database.ConnectionString, api.Redis.ConnectionString, api.EncryptionKey, Unlimited);
        await using var nodeB = await ApiProcess.StartAsync(api.Database.ConnectionString, api.Redis.ConnectionString, api.EncryptionKey, Unlimited);
        await using var sameNode = await LiveSubscriber.StartAsync(nodeA.BaseUrl, tenant.ApiKey);
        await using var otherNode = await LiveSubscriber.StartAsync(nodeB.BaseUrl, tenant.ApiKey);
        using var probe = new HttpClient { BaseAddress = new Uri(nodeA.BaseUrl) };
        var clock = Stopwatch.StartNew();
        await using var load = new RequestLoad(nodeA.BaseUrl, tenant.ApiKey, incidents, queryLoops: 3, clock);

        await Task.Delay(Warm);
        var stopping = clock.Elapsed;
        await api.Redis.StopProcessAsync();
        var unready = await UntilReadyzAsync(probe, HttpStatusCode.ServiceUnavailable, clock) - stopping;
        await Task.Delay(TimeSpan.FromSeconds(6));
        // Same node, Redis away: every change made so far reached the subscriber there.
        var changedWhileDown = load.Changed.ToList();
        var missingWhileDown = await sameNode.MissingAfterWaitingAsync(changedWhileDown, TimeSpan.FromSeconds(10));
        var restarting = clock.Elapsed;
        await api.Redis.StartProcessAsync();
        var ready = await UntilReadyzAsync(probe, HttpStatusCode.OK, clock) - restarting;
        await Task.Delay(TimeSpan.FromSeconds(5));
        await load.StopAsync();

        var outcomes = load.Outcomes.ToList();
        var expected = load.Changed.ToList();
        var missingSame = await sameNode.MissingAfterWaitingAsync(expected, TimeSpan.FromSeconds(30));
        var missingOther = await otherNode.MissingAfterWaitingAsync(expected, TimeSpan.FromSeconds(30));
        var duplicatesSame = sameNode.Events.Count - sameNode.Events.Distinct().Count();
        var duplicatesOther = otherNode.Events.Count - otherNode.Events.Distinct().Count();
        output.WriteLine($"Redis restart: {outcomes.Count} requests ({outcomes.Count(o => o.Kind == "mutation")} mutations), " +
            $"{outcomes.Count(o => !o.Ok)} failed, {outcomes.Count(o => o.Sent >= stopping && o.Sent < restarting)} of them sent while Redis was down; " +
            $"/readyz unhealthy {unready.TotalSeconds:0.00} s after Redis stopped, healthy {ready.TotalSeconds:0.00} s after it started; " +
            $"events: {expected.Count} expected ({changedWhileDown.Count} by the end of the outage, {missingWhileDown.Count} of those missing on the same node then); " +
            $"same node {sameNode.Events.Count} received, {missingSame.Count} missing, {duplicatesSame} duplicated; " +
            $"other node {otherNode.Events.Count} received, {missingOther.Count} missing, {duplicatesOther} duplicated");

        Assert.All(outcomes, o => Assert.True(o.Ok, o.ToString()));
        Assert.Contains(outcomes, o => o.Kind == "mutation" && o.Sent > stopping && o.Sent < restarting);
        Assert.True(unready < TimeSpan.FromSeconds(5), $"/readyz reported Redis down after {unready.TotalSeconds:0.00} s");
        Assert.Empty(missingWhileDown);
        Assert.Empty(missingSame);
        Assert.Empty(missingOther);
        Assert.Equal(0, duplicatesSame);
        Assert.Equal(0, duplicatesOther);
        Assert.Empty(sameNode.Problems);
        Assert.Empty(otherNode.Problems);
    }

    private async Task<(TestTenant Tenant, List<string> IncidentIds)> TenantWithIncidentsAsync(int checks)
    {
        var tenant = await TestTenant.CreateAsync(api);
        return (tenant, await GraphSeed.OpenIncidentIdsAsync(api, tenant, checks));
    }

    private static async Task<TimeSpan> UntilReadyzAsync(HttpClient probe, HttpStatusCode wanted, Stopwatch clock)
    {
        var deadline = clock.Elapsed + TimeSpan.FromSeconds(60);
        while (true)
        {
            using var response = await probe.GetAsync("/readyz");
            if (response.StatusCode == wanted)
            {
                return clock.Elapsed;
            }

            Assert.True(clock.Elapsed < deadline, $"/readyz never answered {wanted}");
            await Task.Delay(100);
        }
    }
}
