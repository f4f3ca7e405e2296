using System.Text.Json;
using DqPlatform.Domain.Jobs;
using DqPlatform.GraphQL.Relay;
using DqPlatform.Infrastructure.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace DqPlatform.Api.Tests.Checks;

/// <summary>
/// Issue 29's fair jobs: one workspace's backlog does not stand in front of another workspace's check, no workspace
/// runs more than its cap, and no queued job is left without a turn. Measured from the jobs' own rows: which of the
/// flooding workspace's jobs started between the quiet one's enqueue and its start (no timings).
/// </summary>
[Collection(HangfireServersCollection.Name)]
public sealed class FairJobsTests(CheckEngineFactory api, ITestOutputHelper output) : IClassFixture<CheckEngineFactory>, IAsyncLifetime
{
    private const int Workers = 4; // CheckEngineFactory's Dqp:Jobs:WorkerCount

    private IJobQueue Queue => api.Services.GetRequiredService<IJobQueue>();

    private int Cap => api.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<JobsOptions>>().Value.RunningCap;

    public Task InitializeAsync() => Task.CompletedTask;

    // A backlog left queued would keep the workers of the next test busy.
    public async Task DisposeAsync() => await ExecuteAsync("UPDATE dq.jobs SET status = 'cancelled' WHERE status = 'queued'");

    [Fact]
    public async Task RunCheck_BehindAnotherWorkspacesBacklogOf10000_StartsWithinOneWorkerSlot()
    {
        var flood = await WorkspaceWithCheckAsync("flood", "row_count", null, """{"min": 1}""");
        var quiet = await WorkspaceWithCheckAsync("quiet", "row_count", null, """{"min": 1}""");
        const int backlog = 10_000;
        await Queue.EnqueueAsync([.. Enumerable.Repeat(flood.CheckId, backlog)], JobTrigger.Api, CancellationToken.None);
        await WaitUntilAsync(async () => await ScalarAsync<long>($"SELECT count(*) FROM dq.jobs WHERE workspace_id = '{flood.WorkspaceId}' AND status = 'completed'") >= 20);

        var quietJob = Assert.Single(await Queue.EnqueueAsync([quiet.CheckId], JobTrigger.Api, CancellationToken.None));
        await WaitUntilAsync(async () => await ScalarAsync<bool>($"SELECT status NOT IN ('queued', 'running') FROM dq.jobs WHERE id = '{quietJob}'"));

        var (before, waiting) = await FloodAroundAsync(flood.WorkspaceId, quietJob);
        output.WriteLine($"B started after {before} of A's jobs; backlog {waiting} (of {backlog}), {Workers} workers, cap {Cap}");
        Assert.Equal("completed", await ScalarAsync<string>($"SELECT status::text FROM dq.jobs WHERE id = '{quietJob}'"));
        Assert.InRange(before, 0, Workers);
        Assert.True(waiting > backlog / 2, $"the backlog ran down to {waiting} before B started: the test measured nothing");
    }

    [Fact]
    public async Task RunChecks_OfAFloodingWorkspace_NeverRunMoreThanItsCap_WhileAnotherWorkspaceRunsBesideIt()
    {
        var flood = await WorkspaceWithCheckAsync("capped", "custom_sql", null, """{"sql": "SELECT 1 FROM pg_sleep(0.3)", "max": 1}""");
        var quiet = await WorkspaceWithCheckAsync("beside", "custom_sql", null, """{"sql": "SELECT 1 FROM pg_sleep(0.3)", "max": 1}""");
        await Queue.EnqueueAsync([.. Enumerable.Repeat(flood.CheckId, 40)], JobTrigger.Api, CancellationToken.None);
        await WaitUntilAsync(async () => await ScalarAsync<long>($"SELECT count(*) FROM dq.jobs WHERE workspace_id = '{flood.WorkspaceId}' AND status = 'completed'") >= 3);
        var quietJobs = await Queue.EnqueueAsync([.. Enumerable.Repeat(quiet.CheckId, 3)], JobTrigger.Api, CancellationToken.None);

        await WaitUntilAsync(async () => await ScalarAsync<long>(
            $"SELECT count(*) FROM dq.jobs WHERE workspace_id IN ('{flood.WorkspaceId}', '{quiet.WorkspaceId}') AND status IN ('queued', 'running')") == 0,
            TimeSpan.FromMinutes(3));

        var mostAtOnce = await MostRunningAtOnceAsync(flood.WorkspaceId);
        var (before, _) = await FloodAroundAsync(flood.WorkspaceId, quietJobs[0]);
        output.WriteLine($"flood ran at most {mostAtOnce} at once (cap {Cap}); B's first started after {before} of A's jobs");
        Assert.InRange(mostAtOnce, 1, Cap);
        Assert.InRange(before, 0, Workers);
        Assert.Equal(43, await ScalarAsync<long>(
            $"SELECT count(*) FROM dq.jobs WHERE workspace_id IN ('{flood.WorkspaceId}', '{quiet.WorkspaceId}') AND status = 'completed'"));
    }

    [Fact]
    public async Task RunChecks_FromSeveralWorkspacesAtOnce_AllFinish_NoJobLeftWithoutATurn()
    {
        var workspaces = new List<(Guid WorkspaceId, Guid CheckId)>();
        for (var i = 0; i < 3; i++)
        {
            workspaces.Add(await WorkspaceWithCheckAsync($"many{i}", "row_count", null, """{"min": 1}"""));
        }

        // Enqueues of every size at once: single jobs, piles over the cap, from three workspaces.
        int[] sizes = [1, 7, 25, 2];
        await Task.WhenAll(workspaces.SelectMany((w, i) => sizes.Select(n =>
            Queue.EnqueueAsync([.. Enumerable.Repeat(w.CheckId, n + i)], JobTrigger.Api, CancellationToken.None))));
        var enqueued = workspaces.Select((_, i) => sizes.Sum(n => n + i)).Sum();
        var ids = string.Join(", ", workspaces.Select(w => $"'{w.WorkspaceId}'"));

        await WaitUntilAsync(async () => await ScalarAsync<long>($"SELECT count(*) FROM dq.jobs WHERE workspace_id IN ({ids}) AND status IN ('queued', 'running')") == 0,
            TimeSpan.FromMinutes(3));
        Assert.Equal((long)enqueued, await ScalarAsync<long>($"SELECT count(*) FROM dq.jobs WHERE workspace_id IN ({ids}) AND status = 'completed'"));
    }

    [Fact]
    public async Task JobReaper_WhenQueuedJobsLostTheirTurns_HandsTurnsAgainAndTheyRun()
    {
        var lost = await WorkspaceWithCheckAsync("lost", "row_count", null, """{"min": 1}""");
        // Rows whose turns never reached Hangfire (a node died between the insert and the hand-over), aged past
        // Dqp:Jobs:RequeueQueuedAfter.
        await ExecuteAsync($"INSERT INTO dq.jobs (check_id, status, triggered_by, created_at) SELECT '{lost.CheckId}', 'queued', 'api', now() - interval '1 hour' FROM generate_series(1, 5)");

        await using (var scope = api.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<JobReaper>().SweepAsync(CancellationToken.None);
        }

        await WaitUntilAsync(async () => await ScalarAsync<long>($"SELECT count(*) FROM dq.jobs WHERE workspace_id = '{lost.WorkspaceId}' AND status = 'completed'") == 5);
    }

    /// <summary>How many of the flood's jobs started after <paramref name="quietJob"/> was enqueued and before it started, and how many were still queued then.</summary>
    private async Task<(long Before, long Waiting)> FloodAroundAsync(Guid flood, Guid quietJob)
    {
        var before = await ScalarAsync<long>($"""
            SELECT count(*) FROM dq.jobs f, dq.jobs q
            WHERE q.id = '{quietJob}' AND f.workspace_id = '{flood}' AND f.started_at > q.created_at AND f.started_at < q.started_at
            """);
        var waiting = await ScalarAsync<long>($"""
            SELECT count(*) FROM dq.jobs f, dq.jobs q
            WHERE q.id = '{quietJob}' AND f.workspace_id = '{flood}' AND (f.started_at IS NULL OR f.started_at > q.started_at)
            """);
        return (before, waiting);
    }

    // From the rows alone: at each start, how many of the workspace's runs had started and not yet completed.
    private Task<long> MostRunningAtOnceAsync(Guid workspaceId) => ScalarAsync<long>($"""
        SELECT max((SELECT count(*) FROM dq.jobs o WHERE o.workspace_id = j.workspace_id
                    AND o.started_at <= j.started_at AND o.completed_at > j.started_at))
        FROM dq.jobs j WHERE j.workspace_id = '{workspaceId}' AND j.started_at IS NOT NULL
        """);

    private async Task<(Guid WorkspaceId, Guid CheckId)> WorkspaceWithCheckAsync(string name, string type, string? column, string config)
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.GraphQL(tenant.ApiKey);
        var connection = (await client.DataAsync(
            "mutation($config: JSON!) { createConnection(input: {name: \"source\", type: POSTGRESQL, config: $config}) { id } }",
            new { config = api.SourceConfig() })).GetProperty("createConnection").GetProperty("id").GetString()!;
        var check = (await client.DataAsync(
            "mutation($c: ID!, $n: String!, $t: String!, $col: String, $cfg: JSON!) { createCheck(input: {connectionId: $c, name: $n, checkType: $t, targetTable: \"orders\", targetColumn: $col, config: $cfg}) { id } }",
            new { c = connection, n = name, t = type, col = column, cfg = JsonSerializer.Deserialize<JsonElement>(config) })).GetProperty("createCheck").GetProperty("id").GetString()!;
        return (tenant.WorkspaceId, GlobalId.TryDecode(check, out _, out Guid id) ? id : throw new ArgumentException(check));
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the jobs did not get there in time");
            await Task.Delay(100);
        }
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
