using System.Diagnostics;
using System.Net;
using DqPlatform.Api.Tests.GraphQL;
using DqPlatform.Domain.Jobs;
using DqPlatform.Domain.Queries;
using DqPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit.Abstractions;

namespace DqPlatform.Api.Tests.Resilience;

/// <summary>
/// PostgreSQL and Redis restarted under a steady load of queries, mutations, check runs and a live subscription (and,
/// for PostgreSQL, a batch export spanning the restart), on servers of this class's own and real API processes: while
/// a dependency is away requests answer 503 SERVICE_UNAVAILABLE (never INTERNAL) or keep working, and once it is back
/// every request succeeds, every job and export ends and every event arrives exactly once.
/// </summary>
public sealed class DependencyOutageTests(OwnServersFactory api, ITestOutputHelper output) : IClassFixture<OwnServersFactory>
{
    private static readonly TimeSpan Warm = TimeSpan.FromSeconds(3);

    // The load is one key's; the rate limits (100/s per key, 200/s per workspace) are not what these tests measure.
    private static readonly Dictionary<string, string> Unlimited = new()
    {
        ["Dqp__RateLimit__PermitsPerSecond"] = "1000000",
        ["Dqp__RateLimit__Burst"] = "1000000",
        ["Dqp__RateLimit__Workspace__PermitsPerSecond"] = "0",
        ["Dqp__RateLimit__Organization__PermitsPerSecond"] = "0",
    };

    [Fact]
    public async Task PostgresRestart_UnderLoad_AnswersServiceUnavailableWhileDownAndEverythingOnceBack()
    {
        var (tenant, incidents) = await TenantWithIncidentsAsync(600);
        // The checks' source and the export's lives on the suite's shared PostgreSQL: only the platform's restarts.
        var sourceName = "outage_src_" + Guid.NewGuid().ToString("N")[..8];
        var source = await PostgresDatabase.CreateEmptyAsync(sourceName);
        try
        {
            await using (var sourceDb = new NpgsqlConnection(source))
            {
                await sourceDb.OpenAsync();
                await using var create = new NpgsqlCommand("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t SELECT generate_series(1, 10);", sourceDb);
                await create.ExecuteNonQueryAsync();
            }

            await using var node = await ApiProcess.StartAsync(api.Database.ConnectionString, api.Redis.ConnectionString, api.EncryptionKey, Unlimited);
            using var http = new HttpClient { BaseAddress = new Uri(node.BaseUrl) };
            var client = new GraphQLClient(http, tenant.ApiKey);
            var b = new NpgsqlConnectionStringBuilder(source);
            var connectionId = (await client.DataAsync("mutation($c: JSON!) { createConnection(input: {name: \"src\", type: POSTGRESQL, config: $c}) { id } }",
                new { c = new { host = b.Host, port = b.Port, database = b.Database, user = b.Username, password = b.Password, sslMode = "Disable" } }))
                .GetProperty("createConnection").GetProperty("id").GetString()!;
            var checkId = (await client.DataAsync("mutation($c: ID!) { createCheck(input: {connectionId: $c, name: \"outage-check\", checkType: \"row_count\", targetTable: \"t\", config: {min: 1}}) { id } }",
                new { c = connectionId })).GetProperty("createCheck").GetProperty("id").GetString()!;
            await using var subscriber = await LiveSubscriber.StartAsync(node.BaseUrl, tenant.ApiKey);
            var clock = Stopwatch.StartNew();
            await using var load = new RequestLoad(node.BaseUrl, tenant.ApiKey, incidents, queryLoops: 3, clock, checkId);
            // One batch export reading the source across the whole outage (its worker beats against the stopped server).
            await client.DataAsync("mutation($c: ID!, $sql: String!) { runQuery(input: {connectionId: $c, sql: $sql, mode: BATCH, format: CSV}) { result { id } } }",
                new { c = connectionId, sql = $"SELECT g, md5(g::text) AS h FROM generate_series(1, {ExportRows}) g, pg_sleep(12)" });

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
            // Every job ends, each heard once; the export ends (it should succeed: its source never went away).
            var jobs = load.Jobs.ToList();
            var (jobStatuses, export) = await UntilWorkEndsAsync(tenant, jobs.Count, clock);
            var missingResults = await UntilHeardAsync(subscriber, jobs, TimeSpan.FromSeconds(30));
            var duplicatedResults = subscriber.Results.GroupBy(j => j).Count(g => g.Count() > 1);
            var checks = outcomes.Where(o => o.Kind == "check").ToList();
            output.WriteLine($"check runs: {checks.Count} runCheck sent, {jobs.Count} answered with a job, {checks.Count(o => o.Unavailable)} answered 503, " +
                $"{jobStatuses.Count} jobs stored ({string.Join(", ", jobStatuses.GroupBy(j => j).Select(g => $"{g.Count()} {g.Key}"))}); " +
                $"results: {jobs.Count} expected, {subscriber.Results.Count} heard, {missingResults.Count} missing, {duplicatedResults} duplicated; " +
                $"export {export.Status} {export.ErrorCode} {export.RowCount} rows");
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
            Assert.Contains(checks, o => o.Unavailable || (o.Sent >= stopping && o.Answered < back)); // the check loop met the outage
            Assert.DoesNotContain(jobStatuses, j => j is JobStatus.Running);
            // Every job a runCheck was answered for ended. (A runCheck answered 503 may leave its job Queued: its row
            // committed, its hand-over to Hangfire failed; that is reported above, not yet fixed.)
            Assert.True(jobStatuses.Count(j => j is JobStatus.Completed or JobStatus.Failed) >= jobs.Count, "a job a runCheck answered for did not end");
            // A runCheck answered 503 may have committed its job (the answer lost), but no request stored two.
            Assert.InRange(jobStatuses.Count, jobs.Count, jobs.Count + checks.Count(o => o.Unavailable));
            Assert.Empty(missingResults);
            Assert.Equal(0, duplicatedResults);
            Assert.Equal(QueryStatus.Succeeded, export.Status);
            Assert.Equal(ExportRows, export.RowCount);
        }
        finally
        {
            await PostgresDatabase.DropAsync(sourceName);
        }
    }

    private const int ExportRows = 1000;

    // Polls until no job of the tenant runs, the jobs answered for ended and its export ended (or a generous deadline passed).
    private async Task<(List<JobStatus> Jobs, QueryResult Export)> UntilWorkEndsAsync(TestTenant tenant, int answered, Stopwatch clock)
    {
        var deadline = clock.Elapsed + TimeSpan.FromSeconds(90);
        while (true)
        {
            await using var db = api.Database.CreateDqContext();
            await using var data = api.Database.CreateDataContext();
            var jobs = await db.Jobs.AsNoTracking().Where(j => j.Check!.Connection!.WorkspaceId == tenant.WorkspaceId).Select(j => j.Status).ToListAsync();
            var export = await data.QueryResults.AsNoTracking().SingleAsync(r => r.WorkspaceId == tenant.WorkspaceId && r.Mode == QueryMode.Batch);
            var ended = !jobs.Any(j => j is JobStatus.Running) && jobs.Count(j => j is JobStatus.Completed or JobStatus.Failed) >= answered
                && export.Status is QueryStatus.Succeeded or QueryStatus.Failed;
            if (ended || clock.Elapsed > deadline)
            {
                return (jobs, export);
            }

            await Task.Delay(250);
        }
    }

    private static async Task<List<string>> UntilHeardAsync(LiveSubscriber subscriber, IReadOnlyCollection<string> jobs, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            var missing = jobs.Except(subscriber.Results).ToList();
            if (missing.Count == 0 || DateTime.UtcNow > until)
            {
                return missing;
            }

            await Task.Delay(250);
        }
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
