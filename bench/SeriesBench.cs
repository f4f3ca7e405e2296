using System.Text;
using System.Text.Json;
using DqPlatform.Domain.Checks;
using DqPlatform.Infrastructure.Checks;
using DqPlatform.TestSupport;
using Npgsql;

namespace DqPlatform.Bench;

/// <summary>
/// Issue 27's series figure: a 30-day series of the one-minute check (43,200 of the million results) in hourly buckets,
/// one request at a time over HTTP (target: under 50 ms), next to its statement alone through Npgsql, with the plan
/// PostgreSQL chose for it; and the dashboard counts of the same workspace in one request.
/// </summary>
public static class SeriesBench
{
    public static async Task RunAsync(
        ApiProcess api, HttpClient http, NpgsqlDataSource dataSource, Guid workspaceId, Guid minuteCheck, TimeSpan warmup, TimeSpan duration)
    {
        // The 30 days that end a minute after the check's newest result: all 43,200 of its results.
        await using var check = dataSource.CreateCommand("SELECT name, latest_result_at FROM dq.check_definitions WHERE id = $1");
        check.Parameters.Add(new NpgsqlParameter { Value = minuteCheck });
        string name;
        DateTimeOffset until;
        await using (var row = await check.ExecuteReaderAsync())
        {
            await row.ReadAsync();
            (name, until) = (row.GetString(0), row.GetFieldValue<DateTimeOffset>(1).AddMinutes(1));
        }

        var window = ResultSeriesWindow.Of(until.AddDays(-30), until, ResultSeriesBucket.Hour);
        var id = (await PostAsync(http, $"{{ checkDefinitions(where: {{name: {{eq: \"{name}\"}}}}) {{ nodes {{ id }} }} }}", CancellationToken.None))
            .GetProperty("checkDefinitions").GetProperty("nodes")[0].GetProperty("id").GetString();
        var series = $$"""
            { node(id: "{{id}}") { ... on CheckDefinition { resultSeries(since: "{{window.Since:O}}", until: "{{window.Until:O}}", bucket: HOUR) {
                start end count passed failed minSensorValue avgSensorValue maxSensorValue } } } }
            """;
        const string counts = """
            { workspace { incidentCounts { total byStatus { status count } bySeverity { severity count } }
                          checkCounts { total byLastOutcome { outcome count } } } }
            """;

        var buckets = (await PostAsync(http, series, CancellationToken.None)).GetProperty("node").GetProperty("resultSeries");
        var runs = buckets.EnumerateArray().Sum(b => b.GetProperty("count").GetInt32());
        Console.WriteLine($"series of the one-minute check, {window.Count} hourly buckets over 30 days: {runs} results (expected {DashboardData.MinuteCheckResults})");
        if (runs != DashboardData.MinuteCheckResults)
        {
            throw new InvalidOperationException($"the series counted {runs} results");
        }

        Console.WriteLine("EXPLAIN (ANALYZE, BUFFERS) of the series statement:");
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var explain = Command(connection, "EXPLAIN (ANALYZE, BUFFERS) " + ResultSeriesReads.Sql, window, minuteCheck, workspaceId))
        await using (var plan = await explain.ExecuteReaderAsync())
        {
            while (await plan.ReadAsync())
            {
                Console.WriteLine("  " + plan.GetString(0));
            }
        }

        // One client: the figure is how long a dashboard waits for its chart, not how many charts the server draws at
        // once. On a shared machine the wall clock moves with the neighbours' load, so the CPU each measured request
        // cost is printed too: the statement's in its own backend, and the API process's.
        await using var backendPid = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        var backend = (int)(await backendPid.ExecuteScalarAsync())!;
        async Task Statement(CancellationToken ct)
        {
            // Prepared, as the API's contexts prepare their frequent statements: planned once, not per execution.
            await using var command = Command(connection, ResultSeriesReads.Sql, window, minuteCheck, workspaceId);
            await command.PrepareAsync(ct);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
            }
        }

        await LoadRun.RunAsync("warm-up", 1, TimeSpan.Zero, warmup, Statement);
        var backendCpu = CpuTime.Of(backend);
        var sql = await LoadRun.RunAsync("SQL (Npgsql)     30-day series, 720 h", 1, TimeSpan.Zero, duration, Statement);
        Console.WriteLine($"{sql}   PostgreSQL CPU {(CpuTime.Of(backend) - backendCpu).TotalMilliseconds / sql.Requests:F1} ms/statement");
        await LoadRun.RunAsync("warm-up", 1, TimeSpan.Zero, warmup, ct => PostAsync(http, series, ct));
        var apiCpu = api.ProcessorTime;
        var graph = await LoadRun.RunAsync("GraphQL (HTTP)   30-day series, 720 h", 1, TimeSpan.Zero, duration, ct => PostAsync(http, series, ct));
        Console.WriteLine($"{graph}   API CPU {(api.ProcessorTime - apiCpu).TotalMilliseconds / graph.Requests:F1} ms/request");
        Console.WriteLine($"  series p50 {graph.P50Ms:F1} ms, p99 {graph.P99Ms:F1} ms (target < 50 ms)");
        Console.WriteLine(await LoadRun.RunAsync("GraphQL (HTTP)   incident and check counts", 1, warmup, duration, ct => PostAsync(http, counts, ct)));
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, ResultSeriesWindow window, Guid check, Guid workspace)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(ResultSeriesReads.Parameters(window, [check], workspace));
        return command;
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string query, CancellationToken cancellationToken)
    {
        using var content = new StringContent(JsonSerializer.Serialize(new { query }), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/graphql", UriKind.Relative), content, cancellationToken);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement;
        return response.IsSuccessStatusCode && body.TryGetProperty("data", out var data) && !body.TryGetProperty("errors", out _)
            ? data.Clone()
            : throw new InvalidOperationException(body.ToString());
    }
}
