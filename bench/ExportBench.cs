using System.Diagnostics;
using System.Net.Http.Headers;
using DqPlatform.Domain.Queries;
using DqPlatform.Infrastructure.Connectors;
using DqPlatform.Infrastructure.Queries.Exports;
using DqPlatform.TestSupport;
using Npgsql;

namespace DqPlatform.Bench;

/// <summary>
/// Issue 7's benchmark: a batch export of N rows through the platform (runQuery BATCH → Hangfire worker in the API
/// process → file), in CSV and in Parquet, next to PostgreSQL's own <c>COPY (…) TO STDOUT (FORMAT csv)</c> of the same
/// rows through Npgsql into a file, in the same run. Prints rows per second, the ratio and the API process's peak
/// resident memory while it exports.
/// </summary>
public static class ExportBench
{
    private const string Sql = "SELECT id, name, amount, created_at, flag FROM export_rows";

    public static async Task RunAsync(int rows)
    {
        var database = new PostgresDatabase();
        await database.InitializeAsync();
        var sourceName = "dqp_bench_export_" + Guid.NewGuid().ToString("N")[..8];
        var source = await PostgresDatabase.CreateEmptyAsync(sourceName);
        var results = Path.Combine(Path.GetTempPath(), "dqp-bench-exports-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await RunAsync(database, source, rows, results);
        }
        finally
        {
            await PostgresDatabase.DropAsync(sourceName);
            await database.DisposeAsync();
            if (Directory.Exists(results))
            {
                Directory.Delete(results, recursive: true);
            }
        }
    }

    private static async Task RunAsync(PostgresDatabase database, string source, int rows, string results)
    {
        var seeding = Stopwatch.StartNew();
        await using (var seed = new NpgsqlConnection(source))
        {
            await seed.OpenAsync();
            await using var command = new NpgsqlCommand($"""
                CREATE TABLE export_rows (id bigint PRIMARY KEY, name text NOT NULL, amount numeric(12,2), created_at timestamptz NOT NULL, flag boolean NOT NULL);
                INSERT INTO export_rows SELECT i, 'customer ' || md5(i::text), CASE WHEN i % 50 = 0 THEN NULL ELSE (i % 100000) / 100.0 END,
                    timestamptz '2026-01-01' + i * interval '1 second', i % 3 = 0
                FROM generate_series(1, {rows}) i;
                ANALYZE export_rows;
                """, seed);
            command.CommandTimeout = 1200;
            await command.ExecuteNonQueryAsync();
        }

        Console.WriteLine($"seeded {rows:N0} rows in {seeding.Elapsed.TotalSeconds:F0} s");

        var b0 = new NpgsqlConnectionStringBuilder(source);

        // Baseline: the database's own CSV writer, streamed through Npgsql into a file.
        var copyFile = Path.Combine(Path.GetTempPath(), $"dqp-bench-copy-{Guid.NewGuid():N}.csv");
        var copyTime = TimeSpan.MaxValue;
        long copyBytes = 0;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var copy = Stopwatch.StartNew();
            await using (var connection = new NpgsqlConnection(source))
            {
                await connection.OpenAsync();
                using var reader = await connection.BeginTextExportAsync($"COPY ({Sql}) TO STDOUT (FORMAT csv, HEADER)");
                await using var file = new FileStream(copyFile, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
                await using var writer = new StreamWriter(file);
                var buffer = new char[1 << 16];
                int read;
                while ((read = await reader.ReadAsync(buffer)) > 0)
                {
                    await writer.WriteAsync(buffer.AsMemory(0, read));
                }
            }

            copy.Stop();
            copyTime = copy.Elapsed < copyTime ? copy.Elapsed : copyTime;
            copyBytes = new FileInfo(copyFile).Length;
            File.Delete(copyFile);
        }

        // The exporter alone, in this process: the connector's read-only transaction and the CSV writer, no host around it.
        var engine = Stopwatch.StartNew();
        var settings = new ConnectionSettings(b0.Host!, b0.Port, b0.Database!, b0.Username!, b0.Password, null, "Disable");
        long engineBytes = 0;
        var loopbackOnly = Microsoft.Extensions.Options.Options.Create(new SourceOptions { AllowLoopback = true });
        var guard = new SourceTargetGuard(new PlatformEndpoints(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), loopbackOnly), loopbackOnly);
        await new PostgresConnector(guard).QueryAsync(settings, new BoundQuery(Sql, []), TimeSpan.FromMinutes(10), async (read, ct) =>
        {
            await using var file = new FileStream(copyFile, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            var written = await new CsvExport().WriteAsync(read.Reader, file, new ExportLimits(long.MaxValue, long.MaxValue), ct);
            engineBytes = file.Length;
            return written;
        }, CancellationToken.None);
        engine.Stop();
        File.Delete(copyFile);

        await using var worker = await WorkerApi.StartAsync(database, source, new Dictionary<string, string> { ["Dqp__Queries__ResultsPath"] = results });
        var (api, http, connectionId) = (worker.Process, worker.Http, worker.ConnectionId);
        var idleCpu = api.ProcessorTime;
        await Task.Delay(TimeSpan.FromSeconds(5));
        Console.WriteLine($"API process idle: {(api.ProcessorTime - idleCpu).TotalMilliseconds / 50:F0}% of a core over 5 s (pid {api.ProcessId})");
        Console.WriteLine($"COPY (...) TO STDOUT csv     {rows / copyTime.TotalSeconds,12:N0} rows/s  {copyTime.TotalSeconds,6:F1} s  {copyBytes / 1048576.0,6:F0} MiB");
        Console.WriteLine($"exporter alone (csv)         {rows / engine.Elapsed.TotalSeconds,12:N0} rows/s  {engine.Elapsed.TotalSeconds,6:F1} s  {engineBytes / 1048576.0,6:F0} MiB"
            + $"  ratio {copyTime.TotalSeconds / engine.Elapsed.TotalSeconds:F2}");
        foreach (var format in new[] { "CSV", "PARQUET" })
        {
            // One warm-up export of a tenth of the rows, then the measured one.
            await ExportAsync(http, connectionId, format, $"{Sql} WHERE id <= {rows / 10}", api, null);
            var (elapsed, durationMs, bytes, peak, idle) = await ExportAsync(http, connectionId, format, Sql, api, rows);
            var rate = rows / elapsed.TotalSeconds;
            Console.WriteLine($"platform {format,-8} export        {rate,12:N0} rows/s  {elapsed.TotalSeconds,6:F1} s  {bytes / 1048576.0,6:F0} MiB"
                + $"  ratio {rate / (rows / copyTime.TotalSeconds):F2}  (worker {durationMs / 1000.0:F1} s)  API peak RSS {peak / 1048576.0:F0} MiB (idle {idle / 1048576.0:F0} MiB)");
        }

        Console.WriteLine("Target: CSV export at least half as fast as COPY (ratio ≥ 0.5), peak memory under 200 MB.");
    }

    private static async Task<(TimeSpan Elapsed, long DurationMs, long Bytes, long PeakRss, long IdleRss)> ExportAsync(
        HttpClient http, string connectionId, string format, string sql, ApiProcess api, int? expectedRows)
    {
        var idle = api.ResidentBytes;
        var peak = idle;
        var watch = Stopwatch.StartNew();
        var run = await EngineBench.GraphQLAsync(http,
            "mutation($i: RunQueryInput!) { runQuery(input: $i) { result { id } } }",
            new { i = new { connectionId, sql, mode = "BATCH", format } });
        var id = run.GetProperty("runQuery").GetProperty("result").GetProperty("id").GetString()!;
        while (true)
        {
            await Task.Delay(100);
            peak = Math.Max(peak, api.ResidentBytes);
            var node = (await EngineBench.GraphQLAsync(http, $"{{ node(id: \"{id}\") {{ ... on QueryResult {{ status rowCount bytes durationMs errorMessage }} }} }}", null)).GetProperty("node");
            var status = node.GetProperty("status").GetString();
            if (status == "FAILED")
            {
                throw new InvalidOperationException("export failed: " + node.GetProperty("errorMessage"));
            }

            if (status == "SUCCEEDED")
            {
                watch.Stop();
                if (expectedRows is { } expected && node.GetProperty("rowCount").GetInt64() != expected)
                {
                    throw new InvalidOperationException($"exported {node.GetProperty("rowCount")} rows, expected {expected}");
                }

                return (watch.Elapsed, node.GetProperty("durationMs").GetInt64(), node.GetProperty("bytes").GetInt64(), peak, idle);
            }
        }
    }
}
