using DqPlatform.Domain.Jobs;
using DqPlatform.Infrastructure.Jobs;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DqPlatform.Api.Tests.Checks;

/// <summary>The schedule tick against the real database and two Hangfire servers.</summary>
[Collection(HangfireServersCollection.Name)]
public sealed class ScheduleFiringTests(CheckEngineFactory nodeA) : IClassFixture<CheckEngineFactory>
{
    private async Task<Guid> SourceConnectionAsync()
    {
        var tenant = await TestTenant.CreateAsync(nodeA);
        var created = await nodeA.GraphQL(tenant.ApiKey).DataAsync(
            "mutation($config: JSON!) { createConnection(input: {name: \"source\", type: POSTGRESQL, config: $config}) { id } }",
            new { config = nodeA.SourceConfig() });
        DqPlatform.GraphQL.Relay.GlobalId.TryDecode(created.GetProperty("createConnection").GetProperty("id").GetString()!, out _, out Guid id);
        return id;
    }

    /// <summary>Creates checks with schedules straight in the database; returns the check ids.</summary>
    private async Task<List<Guid>> ScheduledChecksAsync(Guid connectionId, int count, string cron, string nextRunAt, bool scheduleEnabled = true, bool checkEnabled = true)
    {
        await using var connection = new NpgsqlConnection(nodeA.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            WITH created AS (
                INSERT INTO dq.check_definitions (connection_id, name, check_type, target_type, target_table, config, enabled)
                SELECT @connection, 'scheduled ' || gen_random_uuid(), 'row_count', 'table', 'orders', '{"{"}"min": 1{"}"}', @checkEnabled
                FROM generate_series(1, @count) RETURNING id)
            INSERT INTO dq.schedules (check_id, cron_expression, timezone, enabled, next_run_at)
            SELECT id, @cron, 'UTC', @scheduleEnabled, {nextRunAt} FROM created RETURNING check_id
            """, connection);
        command.Parameters.AddWithValue("connection", connectionId);
        command.Parameters.AddWithValue("count", count);
        command.Parameters.AddWithValue("cron", cron);
        command.Parameters.AddWithValue("scheduleEnabled", scheduleEnabled);
        command.Parameters.AddWithValue("checkEnabled", checkEnabled);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private static Task<int> TickAsync(IServiceProvider services)
    {
        var scope = services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<ScheduleDispatcher>().TickAsync(CancellationToken.None)
            .ContinueWith(t => { scope.Dispose(); return t.Result; }, TaskScheduler.Default);
    }

    [Fact]
    public async Task ScheduleTick_OnTwoServersAtOnce_Fires200DueSchedulesExactlyOnceEach()
    {
        await using var nodeB = new SecondNodeFactory(nodeA);
        await nodeB.InitializeAsync();
        _ = nodeB.Services; // starts node B with its Hangfire server
        var connectionId = await SourceConnectionAsync();
        var checkIds = await ScheduledChecksAsync(connectionId, 200, "0 0 1 1 *", "now() - interval '1 minute'");

        // Ticks race each other: four direct calls plus two delivered by each node's Hangfire.
        foreach (var node in new DqApiFactory[] { nodeA, nodeB })
        {
            node.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<ScheduleDispatcher>(d => d.TickAsync(CancellationToken.None));
        }

        var clock = nodeA.Services.GetRequiredService<DqPlatform.Domain.Common.IClock>();
        var tickedFrom = clock.UtcNow;
        var fired = await Task.WhenAll(TickAsync(nodeA.Services), TickAsync(nodeB.Services), TickAsync(nodeA.Services), TickAsync(nodeB.Services));
        Assert.True(fired.Sum() <= 200);

        await using var db = nodeA.Database.CreateDqContext();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        List<Job> jobs;
        do
        {
            await Task.Delay(500);
            jobs = await db.Jobs.AsNoTracking().Where(j => checkIds.Contains(j.CheckId)).ToListAsync();
        }
        while ((jobs.Count < 200 || jobs.Any(j => j.Status is JobStatus.Queued or JobStatus.Running)) && DateTime.UtcNow < deadline);

        string debug;
        await using (var c2 = new NpgsqlConnection(nodeA.Database.ConnectionString))
        {
            await c2.OpenAsync();
            await using var q = new NpgsqlCommand("SELECT string_agg(x, '; ') FROM (SELECT statename || ' ' || count(*) AS x FROM hangfire.job GROUP BY statename UNION ALL SELECT 'queue ' || queue || ' fetched=' || (fetchedat IS NOT NULL) || ' ' || count(*) FROM hangfire.jobqueue GROUP BY queue, fetchedat IS NOT NULL) s", c2);
            debug = (string)(await q.ExecuteScalarAsync())!;
        }

        Assert.True(jobs.All(j => j.Status == JobStatus.Completed), debug + " | " + string.Join(", ", jobs.GroupBy(j => j.Status + " " + j.ErrorMessage).Select(g => $"{g.Key}: {g.Count()}")));
        Assert.Equal(200, jobs.Count);
        Assert.Equal(200, jobs.Select(j => j.CheckId).Distinct().Count());
        Assert.All(jobs, j => Assert.Equal((JobStatus.Completed, JobTrigger.Schedule), (j.Status, j.TriggeredBy)));
        var schedules = await db.Schedules.AsNoTracking().Where(s => checkIds.Contains(s.CheckId)).ToListAsync();
        // The next run is the cron's next occurrence after the tick that fired it, whatever today's date: computed by
        // the product's own cron code from the product's clock, bracketing the moment the (racing) ticks ran.
        var cron = DqPlatform.Domain.Scheduling.CronSchedule.Parse("0 0 1 1 *", "UTC");
        var earliest = cron.NextAfter(tickedFrom);
        var latest = cron.NextAfter(clock.UtcNow);
        Assert.All(schedules, s => Assert.True(s.NextRunAt >= earliest && s.NextRunAt <= latest && s.NextRunAt > tickedFrom && s.LastRunJobId is not null, $"next run {s.NextRunAt:O}, expected {earliest:O}..{latest:O}"));

        // Both servers' workers took part.
        await using var connection = new NpgsqlConnection(nodeA.Database.ConnectionString);
        await connection.OpenAsync();
        await using var servers = new NpgsqlCommand("SELECT count(DISTINCT data->>'ServerId') FROM hangfire.state WHERE name = 'Processing'", connection);
        Assert.True((long)(await servers.ExecuteScalarAsync())! >= 2);
    }

    [Fact]
    public async Task ScheduleTick_WithMissedAndDisabledSchedules_FiresMissedOnceAndDisabledNever()
    {
        // A every-minute schedule is due again at the next minute: the ticks (ours and Hangfire's recurring one) must
        // all fall within one minute for "fires once" to be the product's rule and not the wall clock's luck.
        var clock = nodeA.Services.GetRequiredService<DqPlatform.Domain.Common.IClock>();
        var second = clock.UtcNow.Second;
        if (second >= 40)
        {
            await Task.Delay(TimeSpan.FromSeconds(61 - second));
        }

        var connectionId = await SourceConnectionAsync();
        var before = clock.UtcNow;
        var missed = await ScheduledChecksAsync(connectionId, 1, "* * * * *", "now() - interval '3 hours'");
        var offSchedule = await ScheduledChecksAsync(connectionId, 1, "* * * * *", "now() - interval '1 minute'", scheduleEnabled: false);
        var offCheck = await ScheduledChecksAsync(connectionId, 1, "* * * * *", "now() - interval '1 minute'", checkEnabled: false);

        await TickAsync(nodeA.Services);
        await TickAsync(nodeA.Services);

        await using var db = nodeA.Database.CreateDqContext();
        Assert.Equal(1, await db.Jobs.CountAsync(j => j.CheckId == missed[0]));
        var schedule = await db.Schedules.AsNoTracking().SingleAsync(s => s.CheckId == missed[0]);
        var cron = DqPlatform.Domain.Scheduling.CronSchedule.Parse("* * * * *", "UTC");
        Assert.InRange(schedule.NextRunAt!.Value, cron.NextAfter(before)!.Value, cron.NextAfter(clock.UtcNow)!.Value);
        Assert.False(await db.Jobs.AnyAsync(j => j.CheckId == offSchedule[0] || j.CheckId == offCheck[0]));
    }
}
