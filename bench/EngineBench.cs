using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Net.Http.Json;
using System.Text.Json;
using DqPlatform.Domain.Checks;
using DqPlatform.Infrastructure.Connectors;
using DqPlatform.TestSupport;
using Npgsql;

namespace DqPlatform.Bench;

/// <summary>
/// Issue 5's benchmark: 1,000 checks of mixed types run end to end on one worker (enqueue → result stored →
/// incident updated) next to the same sensor SQL run directly through Npgsql, one statement after another. The failing
/// row-level checks of the mix also take failed-row samples (issue 31), which the direct baseline does not.
/// </summary>
public static class EngineBench
{
    private const int Checks = 1000;

    private static readonly (string Type, string? Column, string Config)[] Mix =
    [
        ("row_count", null, """{"min": 1}"""),
        ("null_count", "customer_email", """{"max": 0}"""),
        ("null_percent", "customer_email", """{"max": 5}"""),
        ("distinct_count", "status", """{"min": 1}"""),
        ("duplicate_count", "code", """{"max": 0}"""),
        ("min_value", "amount", """{"min": 0}"""),
        ("max_value", "amount", """{"max": 1000}"""),
        ("mean_value", "amount", """{"min": 0}"""),
        ("sum_value", "amount", """{"min": 0}"""),
        ("text_length", "code", """{"max": 12}"""),
        ("regex_match_percent", "code", """{"pattern": "^[A-Z]{3}-[0-9]+$", "min": 99}"""),
        ("accepted_values_percent", "status", """{"values": ["new", "paid", "shipped"], "min": 100}"""),
        ("freshness", "created_at", """{"maxAgeSeconds": 60}"""),
        ("column_exists", "amount", "{}"),
        ("column_count", null, """{"min": 6, "max": 6}"""),
    ];

    public static async Task RunAsync(int sourceRows)
    {
        var database = new PostgresDatabase();
        await database.InitializeAsync();
        var sourceName = "dqp_bench_src_" + Guid.NewGuid().ToString("N")[..8];
        var source = await PostgresDatabase.CreateEmptyAsync(sourceName);
        try
        {
            await RunAsync(database, source, sourceRows);
        }
        finally
        {
            await PostgresDatabase.DropAsync(sourceName);
            await database.DisposeAsync();
        }
    }

    private static async Task RunAsync(PostgresDatabase database, string source, int sourceRows)
    {
        await using (var seed = new NpgsqlConnection(source))
        {
            await seed.OpenAsync();
            await using var command = new NpgsqlCommand($"""
                CREATE TABLE orders (id int PRIMARY KEY, customer_email text, amount numeric(12,2), status text NOT NULL, created_at timestamptz NOT NULL, code text NOT NULL);
                INSERT INTO orders SELECT i, CASE WHEN i % 20 = 0 THEN NULL ELSE 'u' || (i % 5000) || '@example.com' END, (i % 900) + 0.5,
                    (ARRAY['new','paid','shipped','lost'])[1 + i % 4], now() - (i || ' seconds')::interval, 'ABC-' || (i % 7000)
                FROM generate_series(1, {sourceRows}) i;
                ANALYZE orders;
                """, seed);
            command.CommandTimeout = 600;
            await command.ExecuteNonQueryAsync();
        }

        await using var worker = await WorkerApi.StartAsync(database, source);
        var (http, workspaceId, connectionId) = (worker.Http, worker.WorkspaceId, worker.ConnectionId);
        await GraphQLAsync(http, $"mutation {{ testConnection(id: \"{connectionId}\") {{ status }} }}", null);

        // The checks, straight into the database (creating 1,000 through the API is not what is measured).
        await using (var platform = new NpgsqlConnection(database.ConnectionString))
        {
            await platform.OpenAsync();
            for (var i = 0; i < Checks; i++)
            {
                var (type, column, cfg) = Mix[i % Mix.Length];
                await using var insert = new NpgsqlCommand("""
                    INSERT INTO dq.check_definitions (connection_id, name, check_type, target_type, target_schema, target_table, target_column, config)
                    SELECT id, $2, $3, $4::dq.check_target_type, 'public', 'orders', $5, $6::jsonb FROM dq.connections WHERE workspace_id = $1
                    """, platform);
                insert.Parameters.AddWithValue(workspaceId);
                insert.Parameters.AddWithValue($"bench {i:0000} {type}");
                insert.Parameters.AddWithValue(type);
                insert.Parameters.AddWithValue(column is null ? "table" : "column");
                insert.Parameters.AddWithValue((object?)column ?? DBNull.Value);
                insert.Parameters.AddWithValue(cfg);
                await insert.ExecuteNonQueryAsync();
            }
        }

        // Baseline: every sensor's SQL, one after another on one open connection.
        var direct = Stopwatch.StartNew();
        await using (var sensorConnection = new NpgsqlConnection(source))
        {
            await sensorConnection.OpenAsync();
            for (var i = 0; i < Checks; i++)
            {
                var (type, column, cfg) = Mix[i % Mix.Length];
                var query = SensorQuery.For(type, cfg, PostgresDialect.Instance, "public", "orders", column);
                await using var command = new NpgsqlCommand(query.Sql, sensorConnection);
                foreach (var (name, value) in query.Parameters)
                {
                    command.Parameters.AddWithValue(name.TrimStart('@'), value);
                }

                await command.ExecuteScalarAsync();
            }
        }

        direct.Stop();

        var platformRun = Stopwatch.StartNew();
        var jobs = await GraphQLAsync(http, $"mutation {{ runChecks(input: {{connectionId: \"{connectionId}\"}}) {{ id }} }}", null);
        var queued = jobs.GetProperty("runChecks").GetArrayLength();
        await using (var platform = new NpgsqlConnection(database.ConnectionString))
        {
            await platform.OpenAsync();
            while (true)
            {
                await using var count = new NpgsqlCommand("SELECT count(*) FILTER (WHERE status IN ('completed', 'failed')), count(*) FILTER (WHERE status = 'failed') FROM dq.jobs", platform);
                await using var reader = await count.ExecuteReaderAsync();
                await reader.ReadAsync();
                if (reader.GetInt64(0) >= queued)
                {
                    Console.WriteLine($"  jobs finished: {reader.GetInt64(0)} ({reader.GetInt64(1)} failed)");
                    break;
                }

                await Task.Delay(50);
            }

            platformRun.Stop();
            // Where the time goes: the sensor, the rest of the run inside the worker, and the gaps between runs.
            await using var breakdown = new NpgsqlCommand("""
                SELECT avg(sensor_ms), avg(run_ms), avg(gap_ms) FROM (
                    SELECT r.execution_time_ms::float8 AS sensor_ms,
                           extract(epoch FROM j.completed_at - j.started_at)::float8 * 1000 AS run_ms,
                           extract(epoch FROM j.started_at - lag(j.completed_at) OVER (ORDER BY j.started_at))::float8 * 1000 AS gap_ms
                    FROM dq.jobs j JOIN dq.check_results r ON r.id = j.result_id) runs
                """, platform);
            await using (var b2 = await breakdown.ExecuteReaderAsync())
            {
                await b2.ReadAsync();
                Console.WriteLine($"  per check: sensor {b2.GetDouble(0):F1} ms, claim-to-stored {b2.GetDouble(1):F1} ms, gap between runs {b2.GetDouble(2):F1} ms");
            }

            // Failing row-level checks (null_count, duplicate_count, accepted_values_percent of the mix) each read and
            // store a failed-row sample (default 20 rows) in the run, so the ratio includes them.
            await using (var sampled = new NpgsqlCommand("SELECT count(*), coalesce(sum(row_count), 0), coalesce(avg(length(payload)), 0) FROM dq.check_result_samples", platform))
            await using (var s2 = await sampled.ExecuteReaderAsync())
            {
                await s2.ReadAsync();
                Console.WriteLine($"  failed-row samples stored: {s2.GetInt64(0)} ({s2.GetInt64(1)} rows, {s2.GetDecimal(2):F0} bytes sealed on average)");
            }

            await using var incidents = new NpgsqlCommand("SELECT count(*), sum(failure_count) FROM dq.incidents", platform);
            await using var r = await incidents.ExecuteReaderAsync();
            await r.ReadAsync();
            Console.WriteLine($"  incidents open: {r.GetInt64(0)} (failures counted: {r.GetInt64(1)})");
        }

        Console.WriteLine($"check engine, {queued} checks of {Mix.Length} types on {sourceRows:N0} source rows, one worker:");
        Console.WriteLine($"  sensor SQL directly (Npgsql, one connection): {direct.Elapsed.TotalSeconds,7:F2} s  {queued / direct.Elapsed.TotalSeconds,8:F1} checks/s");
        Console.WriteLine($"  platform end to end (enqueue → result → incident): {platformRun.Elapsed.TotalSeconds,7:F2} s  {queued / platformRun.Elapsed.TotalSeconds,8:F1} checks/s");
        Console.WriteLine($"  ratio (platform / direct throughput): {direct.Elapsed / platformRun.Elapsed:F2} (target >= 0.5)");
        AnomalyBench.Evaluate();
    }

    internal static async Task<JsonElement> GraphQLAsync(HttpClient http, string query, object? variables)
    {
        using var response = await http.PostAsync("/graphql", new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (body.TryGetProperty("errors", out var errors))
        {
            throw new InvalidOperationException(errors.ToString());
        }

        return body.GetProperty("data");
    }
}
