using System.Diagnostics;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Checks.Types;
using DqPlatform.Infrastructure.Checks;
using DqPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DqPlatform.Bench;

/// <summary>
/// Issue 31's anomaly figures: one evaluation over 10,000 values of history (35 days of a check run every 5 minutes;
/// target under 5 ms), and loading those values from PostgreSQL with incident failures left out.
/// </summary>
public static class AnomalyBench
{
    private const int Points = 10_000;

    private static readonly string[] Configs =
    [
        """{"sensitivity": 3, "trainingDays": 35}""",
        """{"sensitivity": 3, "seasonality": "hourOfWeek", "timeZone": "Europe/Berlin", "trainingDays": 35}""",
        """{"sensitivity": 3, "maxStdDevs": 3, "maxPercent": 20, "seasonality": "dayOfWeek", "timeZone": "America/New_York", "trainingDays": 35}""",
    ];

    public static async Task RunAsync()
    {
        Evaluate();
        var database = new PostgresDatabase();
        await database.InitializeAsync();
        try
        {
            await LoadAsync(database);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    /// <summary>The rule alone, as the runner calls it (config parsed once per run, history in memory).</summary>
    public static void Evaluate()
    {
        var at = new DateTimeOffset(2026, 12, 8, 12, 0, 0, TimeSpan.Zero);
        var random = new Random(5);
        HistoryPoint[] history = [.. Enumerable.Range(1, Points).Select(i => new HistoryPoint(at.AddMinutes(-5 * i), 1000 + random.Next(-50, 50)))];
        var anomaly = (AnomalyCheck)CheckCatalog.Get("anomaly");
        Console.WriteLine($"anomaly evaluation over {Points:N0} values of history (target < 5 ms):");
        foreach (var json in Configs)
        {
            var config = CheckConfig.Parse(json);
            for (var i = 0; i < 200; i++)
            {
                anomaly.Judge(config, new SensorReading(1000), at, history);
            }

            var iterations = 0;
            var watch = Stopwatch.StartNew();
            while (watch.ElapsedMilliseconds < 2000 || iterations < 200)
            {
                anomaly.Judge(config, new SensorReading(1000 + iterations % 7), at, history);
                iterations++;
            }

            Console.WriteLine($"  {watch.Elapsed.TotalMilliseconds / iterations,7:F3} ms per evaluation  {json}");
        }
    }

    private static async Task LoadAsync(PostgresDatabase database)
    {
        Guid checkId;
        await using (var db = database.CreateDqContext())
        {
            checkId = (await TestData.CreateCheckAsync(db, "volume")).Id;
        }

        // 10,000 results 5 minutes apart, every 50th failed, half of those inside an incident (left out of training).
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var seed = new NpgsqlCommand($"""
                INSERT INTO dq.check_results (check_id, executed_at, sensor_value, rule_passed, severity)
                SELECT @check, @now - i * interval '5 minutes', 1000 + i % 97, i % 50 <> 0, CASE WHEN i % 50 = 0 THEN 'error'::dq.check_severity END
                FROM generate_series(1, {Points}) i;
                INSERT INTO dq.incidents (check_id, status, severity, failure_count, first_seen, last_seen, resolved_at)
                SELECT @check, 'resolved', 'error', 1, @now - i * interval '5 minutes', @now - i * interval '5 minutes', @now
                FROM generate_series(100, {Points}, 100) i;
                ANALYZE dq.check_results; ANALYZE dq.incidents;
                """, connection);
            seed.Parameters.AddWithValue("check", checkId);
            seed.Parameters.AddWithValue("now", DateTimeOffset.UtcNow.AddTicks(-(DateTimeOffset.UtcNow.Ticks % TimeSpan.TicksPerSecond)));
            await seed.ExecuteNonQueryAsync();
        }

        var window = new HistoryWindow(DateTimeOffset.UtcNow.AddDays(-40), 20_000);
        await using var context = database.CreateDqContext();
        var loaded = 0;
        for (var i = 0; i < 10; i++)
        {
            loaded = (await CheckHistory.PointsAsync(context, checkId, window, CancellationToken.None)).Count;
        }

        const int Loads = 50;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Loads; i++)
        {
            await CheckHistory.PointsAsync(context, checkId, window, CancellationToken.None);
        }

        if (Environment.GetEnvironmentVariable("DQP_BENCH_EXPLAIN") == "1")
        {
            var sql = CheckHistory.Query(context, checkId, window).ToQueryString();
            Console.WriteLine(sql);
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            var text = string.Join("\n", sql.Split('\n').Where(l => !l.StartsWith("--", StringComparison.Ordinal)));
            foreach (var line in sql.Split('\n').Where(l => l.StartsWith("-- @", StringComparison.Ordinal)))
            {
                var parts = line[3..].Split('=', 2);
                text = text.Replace(parts[0].Trim(), parts[1].Trim().Split(" (")[0].Trim(), StringComparison.Ordinal);
            }

            await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + text, connection);
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Console.WriteLine(reader.GetString(0));
            }
        }

        Console.WriteLine($"history load from PostgreSQL: {loaded:N0} of {Points:N0} values kept (incident failures left out), {watch.Elapsed.TotalMilliseconds / Loads:F2} ms per load");
    }
}
