using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CsvHelper;
using DqPlatform.Api.Tests.Checks;
using DqPlatform.Api.Tests.Live;
using DqPlatform.Domain.Events;
using DqPlatform.GraphQL.Relay;
using DqPlatform.Infrastructure.Messaging;
using DqPlatform.Infrastructure.Queries;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Parquet;

namespace DqPlatform.Api.Tests.Queries;

/// <summary>Batch exports: the files read back with standard readers, download, retention, events, flat memory, no SQL at rest.</summary>
[Collection(HangfireServersCollection.Name)]
public sealed class QueryExportTests(QueryServiceFactory api, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<QueryServiceFactory>, IAsyncLifetime
{
    private const string OrdersSql = "SELECT id, customer_email, amount, created_at FROM orders ORDER BY id";

    private TestTenant _tenant = null!;
    private QueryTestClient _queries = null!;

    public async Task InitializeAsync()
    {
        _tenant = await TestTenant.CreateAsync(api);
        _queries = await QueryTestClient.CreateAsync(api.GraphQL(_tenant.ApiKey), api.SourceConfig());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private sealed record Order(int Id, string? Email, decimal Amount, DateTime CreatedAt);

    private async Task<List<Order>> SourceOrdersAsync()
    {
        await using var source = new NpgsqlConnection(api.SourceConnectionString);
        await source.OpenAsync();
        await using var command = new NpgsqlCommand(OrdersSql, source);
        await using var reader = await command.ExecuteReaderAsync();
        var orders = new List<Order>();
        while (await reader.ReadAsync())
        {
            orders.Add(new Order(reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetDecimal(2), reader.GetDateTime(3)));
        }

        return orders;
    }

    private async Task<JsonElement> ExportAsync(string sql, string format)
    {
        var queued = await _queries.RunAsync(sql, mode: "BATCH", format: format);
        Assert.Equal("QUEUED", queued.GetProperty("result").GetProperty("status").GetString());
        return await _queries.WaitAsync(queued.GetProperty("result").GetProperty("id").GetString()!, "SUCCEEDED", "FAILED");
    }

    private async Task<HttpResponseMessage> DownloadAsync(string path, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return await api.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task Export_AsCsv_ReadsBackWithStandardCsvReaderAsTheSourceRows()
    {
        var result = await ExportAsync(OrdersSql, "CSV");
        Assert.Equal(("SUCCEEDED", 200), (result.GetProperty("status").GetString(), result.GetProperty("rowCount").GetInt32()));
        using var response = await DownloadAsync(result.GetProperty("downloadUrl").GetString()!, _tenant.ApiKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(result.GetProperty("bytes").GetInt64(), bytes.Length);

        using var csv = CsvReader.Create(bytes);
        var read = new List<Order>();
        while (await csv.ReadAsync())
        {
            read.Add(new Order(
                int.Parse(csv.GetString(0), CultureInfo.InvariantCulture),
                csv.IsEmpty(1) ? null : csv.GetString(1),
                decimal.Parse(csv.GetString(2), CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(csv.GetString(3), CultureInfo.InvariantCulture).UtcDateTime));
        }

        Assert.Equal(["id", "customer_email", "amount", "created_at"], csv.Headers);
        Assert.Equal(await SourceOrdersAsync(), read);
    }

    [Fact]
    public async Task Export_AsParquet_ReadsBackWithParquetNetAsTheSourceRowsWithTheirTypes()
    {
        var result = await ExportAsync(OrdersSql, "PARQUET");
        using var response = await DownloadAsync(result.GetProperty("downloadUrl").GetString()!, _tenant.ApiKey);
        Assert.Equal("application/vnd.apache.parquet", response.Content.Headers.ContentType!.MediaType);
        await using var file = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        await using var parquet = await ParquetReader.CreateAsync(file);
        var fields = parquet.Schema.GetDataFields();
        Assert.Equal(["id", "customer_email", "amount", "created_at"], fields.Select(f => f.Name));
        var read = new List<Order>();
        for (var g = 0; g < parquet.RowGroupCount; g++)
        {
            using var group = parquet.OpenRowGroupReader(g);
            var count = (int)group.RowCount;
            var ids = new int?[count];
            var emails = new string?[count];
            var amounts = new decimal?[count];
            var created = new DateTime?[count];
            await group.ReadAsync<int>(fields[0], ids.AsMemory());
            await group.ReadAsync(fields[1], emails.AsMemory()!);
            await group.ReadAsync<decimal>(fields[2], amounts.AsMemory());
            await group.ReadAsync<DateTime>(fields[3], created.AsMemory());
            read.AddRange(Enumerable.Range(0, count).Select(i => new Order(ids[i]!.Value, emails[i], amounts[i]!.Value, created[i]!.Value)));
        }

        var source = await SourceOrdersAsync();
        Assert.Equal(source.Select(o => (o.Id, o.Email, o.Amount)), read.Select(o => (o.Id, o.Email, o.Amount)));
        Assert.Equal(source.Select(o => o.CreatedAt.ToUniversalTime()), read.Select(o => DateTime.SpecifyKind(o.CreatedAt, DateTimeKind.Utc)));
    }

    [Fact]
    public async Task Export_AsJson_IsAnArrayOfTypedObjects()
    {
        var result = await ExportAsync(OrdersSql, "JSON");
        using var response = await DownloadAsync(result.GetProperty("downloadUrl").GetString()!, _tenant.ApiKey);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var rows = JsonDocument.Parse(await response.Content.ReadAsStreamAsync()).RootElement.EnumerateArray().Select(r => new Order(
            r.GetProperty("id").GetInt32(),
            r.GetProperty("customer_email").ValueKind == JsonValueKind.Null ? null : r.GetProperty("customer_email").GetString(),
            r.GetProperty("amount").GetDecimal(),
            DateTimeOffset.Parse(r.GetProperty("created_at").GetString()!, CultureInfo.InvariantCulture).UtcDateTime)).ToList();
        Assert.Equal(await SourceOrdersAsync(), rows);
    }

    [Fact]
    public async Task ExportDownload_NeedsWorkspaceKeyAndFinishedExport_StopsAfterRetention()
    {
        var result = await ExportAsync("SELECT id FROM orders", "CSV");
        var path = result.GetProperty("downloadUrl").GetString()!;
        Assert.StartsWith("file://", result.GetProperty("outputLocation").GetString(), StringComparison.Ordinal);
        var folder = new Uri(result.GetProperty("outputLocation").GetString()!).LocalPath;
        Assert.True(File.Exists(Path.Combine(folder, "result.csv")));
        Assert.Contains(Path.Combine("results", _tenant.OrganizationId.ToString("D"), IdOf(result).ToString("D")), folder, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Unauthorized, (await DownloadAsync(path, null)).StatusCode);
        var other = await TestTenant.CreateAsync(api);
        Assert.Equal(HttpStatusCode.NotFound, (await DownloadAsync(path, other.ApiKey)).StatusCode);
        var interactive = await _queries.RunAsync("SELECT 1 AS one");
        Assert.Equal(HttpStatusCode.Conflict, (await DownloadAsync(QueryExportEndpoint(IdOf(interactive.GetProperty("result"))), _tenant.ApiKey)).StatusCode);

        await using (var data = api.Database.CreateDataContext())
        {
            var id = IdOf(result);
            await data.QueryResults.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.UpdatedAt, DateTimeOffset.UtcNow.AddDays(-8)));
        }

        await using (var scope = api.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<ExportRetention>().SweepAsync(CancellationToken.None) >= 1);
        }

        Assert.False(Directory.Exists(folder));
        using var gone = await DownloadAsync(path, _tenant.ApiKey);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Contains("EXPORT_EXPIRED", await gone.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var after = await _queries.ResultAsync(result.GetProperty("id").GetString()!);
        Assert.Equal(("SUCCEEDED", JsonValueKind.Null), (after.GetProperty("status").GetString(), after.GetProperty("downloadUrl").ValueKind));
    }

    [Fact]
    public async Task QueryRun_EachStatusChange_IsPublishedInOrder()
    {
        var seen = new List<QueryStatusChanged>();
        using var listening = api.Services.GetRequiredService<IEventBus>().Listen(e =>
        {
            if (e is QueryStatusChanged change)
            {
                lock (seen)
                {
                    seen.Add(change);
                }
            }
        });
        var result = await ExportAsync("SELECT id FROM orders", "CSV");
        var id = IdOf(result);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<string> statuses;
        do
        {
            await Task.Delay(50);
            lock (seen)
            {
                statuses = seen.Where(e => e.QueryResultId == id).Select(e => e.Status).ToList();
            }
        }
        while (statuses.Count < 3 && DateTime.UtcNow < deadline);

        Assert.Equal(["Queued", "Running", "Succeeded"], statuses);
        Assert.All(seen.Where(e => e.QueryResultId == id), e => Assert.Equal(_tenant.WorkspaceId, e.WorkspaceId));
    }

    [Fact]
    public async Task QueryStatusChanged_ForBatchRun_FollowsItFromQueuedToSucceeded()
    {
        var client = api.Server.CreateWebSocketClient();
        client.SubProtocols.Add("graphql-transport-ws");
        using var socket = await client.ConnectAsync(new Uri("ws://localhost/graphql"), CancellationToken.None);
        await WebSocketMessages.SendAsync(socket, new { type = "connection_init", payload = new { authorization = "Bearer " + _tenant.ApiKey } });
        Assert.Equal("connection_ack", (await WebSocketMessages.ReceiveAsync(socket))!.Value.GetProperty("type").GetString());
        await WebSocketMessages.SendAsync(socket, new { id = "q", type = "subscribe", payload = new { query = "subscription { queryStatusChanged { queryResultId status } }" } });

        // The subscription starts asynchronously: run small queries until their events arrive, then it is live.
        var receiving = WebSocketMessages.ReceiveAsync(socket, 30);
        while (!receiving.IsCompleted)
        {
            await _queries.RunAsync("SELECT 1 AS live");
            await Task.WhenAny(receiving, Task.Delay(300));
        }

        var queued = await _queries.RunAsync("SELECT id FROM orders", mode: "BATCH", format: "CSV");
        var id = queued.GetProperty("result").GetProperty("id").GetString();
        var statuses = new List<string>();
        while (!statuses.Contains("SUCCEEDED"))
        {
            var message = await WebSocketMessages.ReceiveAsync(socket, 30);
            Assert.True(message is not null, "no status event within 30 s; so far: " + string.Join(", ", statuses));
            var change = message!.Value.GetProperty("payload").GetProperty("data").GetProperty("queryStatusChanged");
            if (change.GetProperty("queryResultId").GetString() == id)
            {
                statuses.Add(change.GetProperty("status").GetString()!);
            }
        }

        Assert.Equal(["QUEUED", "RUNNING", "SUCCEEDED"], statuses);
    }

    [Fact]
    public async Task QueryRun_SqlText_IsStoredNowhereInQueryResultsQueryAuditOrJobQueue()
    {
        const string marker = "marker_4f1c9e";
        var sql = $"SELECT id, amount AS {marker} FROM orders WHERE id < :below /* {marker} */";
        object[] below = [new { name = "below", value = "50", type = "INTEGER" }];
        await _queries.RunAsync(sql, below);
        foreach (var format in new[] { "JSON", "CSV", "PARQUET" })
        {
            var queued = await _queries.RunAsync(sql, below, mode: "BATCH", format: format);
            await _queries.WaitAsync(queued.GetProperty("result").GetProperty("id").GetString()!, "SUCCEEDED");
        }

        var failed = await _queries.RunAsync($"SELECT 1 / 0 AS {marker}");
        Assert.Equal("FAILED", failed.GetProperty("result").GetProperty("status").GetString());

        await using var platform = new NpgsqlConnection(api.Database.ConnectionString);
        await platform.OpenAsync();
        foreach (var table in new[] { "data.query_results", "data.query_audit", "hangfire.job", "hangfire.jobparameter", "hangfire.state" })
        {
            await using var scan = new NpgsqlCommand($"SELECT count(*), count(*) FILTER (WHERE t::text ILIKE '%' || $1 || '%') FROM {table} t", platform);
            scan.Parameters.AddWithValue(marker);
            await using var reader = await scan.ExecuteReaderAsync();
            await reader.ReadAsync();
            Assert.True(reader.GetInt64(0) > 0, $"{table} is empty, so the scan proves nothing");
            Assert.Equal(0, reader.GetInt64(1));
        }
    }

    [Fact]
    public async Task Export_OfTwoMillionRows_StreamsInFlatMemory()
    {
        const string sql = "SELECT g AS id, md5(g::text) AS name, g * 1.5 AS amount, now() AS at FROM generate_series(1, {0}) g";
        var (small, smallPeak) = await MeasureAsync(string.Format(CultureInfo.InvariantCulture, sql, 200_000));
        var (large, largePeak) = await MeasureAsync(string.Format(CultureInfo.InvariantCulture, sql, 2_000_000));

        output.WriteLine($"200k rows: peak heap growth {smallPeak / 1048576.0:F1} MiB; 2M rows: {largePeak / 1048576.0:F1} MiB, {large.GetProperty("bytes").GetInt64() / 1048576.0:F0} MiB written in {large.GetProperty("durationMs").GetInt32()} ms");
        Assert.Equal(2_000_000, large.GetProperty("rowCount").GetInt64());
        var bytes = large.GetProperty("bytes").GetInt64();
        Assert.True(bytes > 120_000_000, $"the export is {bytes:N0} bytes");
        // Ten times the rows may not take ten times the memory: the growth is bounded by buffers, not by the result.
        Assert.True(largePeak < Math.Max(3 * smallPeak, smallPeak + (64L << 20)), $"peak growth {largePeak:N0} B for 2M rows vs {smallPeak:N0} B for 200k rows");
        Assert.True(largePeak < bytes / 4, $"peak growth {largePeak:N0} B for an export of {bytes:N0} B");
        Assert.Equal(200_000, small.GetProperty("rowCount").GetInt64());
    }

    // Runs a CSV export while sampling what this process keeps alive (the Hangfire worker runs in it); answers the peak
    // growth. Each sample is the heap right after a full blocking collection: the garbage a sample would otherwise count
    // depends on the gen0 budget, which the GC sizes from the CPU's cache (a 260 MiB L3 lets ~80 MiB of dead rows pile
    // up), while rows the exporter buffered are alive and counted on every machine.
    private async Task<(JsonElement Result, long PeakGrowth)> MeasureAsync(string sql)
    {
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                await Task.Delay(50);
            }
        });
        var result = await ExportAsync(sql, "CSV");
        await stop.CancelAsync();
        await sampler;
        Assert.Equal("SUCCEEDED", result.GetProperty("status").GetString());
        return (result, peak);
    }

    private static Guid IdOf(JsonElement result) => GlobalId.TryDecode(result.GetProperty("id").GetString()!, out _, out Guid id) ? id : throw new ArgumentException("id");

    private static string QueryExportEndpoint(Guid id) => $"/v1/query-results/{id:D}/export";
}
