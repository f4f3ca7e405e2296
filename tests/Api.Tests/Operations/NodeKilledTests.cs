using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using DqPlatform.Domain.Jobs;
using DqPlatform.Domain.Queries;
using DqPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit.Abstractions;
using static DqPlatform.Api.Tests.Live.WebSocketMessages;

namespace DqPlatform.Api.Tests.Operations;

/// <summary>
/// The fault suite's node failure: two nodes share PostgreSQL and Redis; the one running check jobs and a batch export
/// is killed with SIGKILL while a steady load of queries and mutations and a live subscription use the other. The
/// survivor takes the work over: no request to it fails, no job stays running, every stored result reaches the
/// subscriber once, and the export completes in the shared object store (or fails with a reason).
/// </summary>
[Collection(Checks.HangfireServersCollection.Name)]
public sealed class NodeKilledTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    private const int SlowChecks = 3;
    private const int ExportRows = 20_000;

    // Short enough that the survivor takes the killed node's jobs over within seconds.
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Dqp__Jobs__InvisibilityTimeout"] = "00:00:08",
        ["Dqp__Jobs__QueuePollInterval"] = "00:00:01",
        ["Dqp__Checks__SensorTimeout"] = "00:05:00", // the sensors wait on the held table for as long as the test needs
        ["Dqp__Queries__StaleAfter"] = "00:00:05",
    };

    [Fact]
    public async Task KillNode_DuringCheckRunsAndBatchExport_SurvivorFinishesEverythingAndNoRequestFails()
    {
        var sourceName = "dqp_src_" + Guid.NewGuid().ToString("N")[..12];
        var source = await PostgresDatabase.CreateEmptyAsync(sourceName);
        var redis = (await TestServers.RedisAsync()).ConnectionString;
        var encryptionKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        // Each node has a disk of its own; exports go to the shared object store.
        await using var s3 = await LocalS3Server.StartAsync();
        var disks = new List<string>();
        Dictionary<string, string> NodeSettings(params (string Name, string Value)[] more)
        {
            var disk = Directory.CreateTempSubdirectory("dqp-node-").FullName;
            disks.Add(disk);
            var settings = new Dictionary<string, string>(Settings.Concat(s3.NodeSettings())) { ["Dqp__Queries__ResultsPath"] = disk };
            foreach (var (name, value) in more)
            {
                settings[name] = value;
            }

            return settings;
        }

        await using var sourceDb = new NpgsqlConnection(source);
        try
        {
            await sourceDb.OpenAsync();
            await using (var create = new NpgsqlCommand("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t SELECT generate_series(1, 10);", sourceDb))
            {
                await create.ExecuteNonQueryAsync();
            }

            var (_, apiKey) = await CreateTenantAsync();
            // The doomed node starts alone, so it is the one that takes every job.
            await using var doomed = await ApiProcess.StartAsync(database.ConnectionString, redis, encryptionKey, NodeSettings(("Dqp__Jobs__WorkerCount", "8")));
            using var onDoomed = Client(doomed, apiKey);

            var b = new NpgsqlConnectionStringBuilder(source);
            var connectionId = (await DataAsync(onDoomed, "mutation($c: JSON!) { createConnection(input: {name: \"src\", type: POSTGRESQL, config: $c}) { id } }",
                new { c = new { host = b.Host, port = b.Port, database = b.Database, user = b.Username, password = b.Password, sslMode = "Disable" } }))
                .GetProperty("createConnection").GetProperty("id").GetString()!;
            var checkIds = new List<string>();
            for (var i = 0; i < SlowChecks; i++)
            {
                var check = await DataAsync(onDoomed, $"mutation($c: ID!) {{ createCheck(input: {{connectionId: $c, name: \"held{i}\", checkType: \"custom_sql\", targetTable: \"t\", config: {{sql: \"SELECT count(*) FROM t\", max: 100}}}}) {{ id }} }}",
                    new { c = connectionId });
                checkIds.Add(check.GetProperty("createCheck").GetProperty("id").GetString()!);
            }

            // The work blocks on the source table until the test lets it go, after the kill: however slow this
            // machine, the doomed node is mid-sensor and mid-export when it dies.
            await using var hold = await sourceDb.BeginTransactionAsync();
            await using (var lockTable = new NpgsqlCommand("LOCK TABLE t IN ACCESS EXCLUSIVE MODE", sourceDb, hold))
            {
                await lockTable.ExecuteNonQueryAsync();
            }

            var jobIds = new List<string>();
            foreach (var checkId in checkIds)
            {
                var job = await DataAsync(onDoomed, "mutation($id: ID!) { runCheck(id: $id) { id } }", new { id = checkId });
                jobIds.Add(job.GetProperty("runCheck").GetProperty("id").GetString()!);
            }

            var export = await DataAsync(onDoomed, "mutation($c: ID!, $sql: String!) { runQuery(input: {connectionId: $c, sql: $sql, mode: BATCH, format: CSV}) { result { id } } }",
                new { c = connectionId, sql = $"SELECT g, md5(g::text) AS h FROM generate_series(1, {ExportRows}) g, (SELECT count(*) AS n FROM t) held" });
            var exportId = export.GetProperty("runQuery").GetProperty("result").GetProperty("id").GetString()!;

            await WaitUntilAsync(async () => await RunningJobsAsync() == SlowChecks && await ExportStatusAsync() == QueryStatus.Running, "the jobs and the export run on the doomed node");

            // The survivor joins (its job server on), with a live feed and a steady load, until the work is over.
            await using var survivor = await ApiProcess.StartAsync(database.ConnectionString, redis, encryptionKey, NodeSettings());
            using var onSurvivor = Client(survivor, apiKey);
            using var socket = await SubscribeAsync(survivor, apiKey, "subscription { checkResultAdded { jobId result { id } } }");
            using var stopLoad = new CancellationTokenSource();
            var load = Task.Run(() => LoadAsync(onSurvivor, connectionId, stopLoad.Token));
            await Task.Delay(1000);
            Assert.Equal(SlowChecks, await RunningJobsAsync()); // still mid-sensor on the doomed node
            Assert.Equal(QueryStatus.Running, await ExportStatusAsync());
            System.Diagnostics.Process.GetProcessById(doomed.ProcessId).Kill(entireProcessTree: true); // SIGKILL
            var killedAt = DateTime.UtcNow;
            await hold.CommitAsync();

            await WaitUntilAsync(async () => await RunningJobsAsync() == 0 && await QueuedJobsAsync() == 0
                && await ExportStatusAsync() is QueryStatus.Succeeded or QueryStatus.Failed, "every job and the export to end", seconds: 120);
            var recovered = DateTime.UtcNow - killedAt;
            await stopLoad.CancelAsync();
            var (sent, failed, failures) = await load;

            await using var db = database.CreateDqContext();
            var jobs = await db.Jobs.AsNoTracking().ToListAsync();
            Assert.All(jobs, j => Assert.Contains(j.Status, new[] { JobStatus.Completed, JobStatus.Failed }));
            var resultIds = await db.CheckResults.AsNoTracking().Select(r => r.Id).ToListAsync();
            Assert.Equal(SlowChecks, resultIds.Count); // one result per job, none twice

            // Every stored result reached the survivor's subscriber, once.
            var received = new List<string>();
            while (received.Count < resultIds.Count && await ReceiveAsync(socket, 30) is { } message)
            {
                Assert.Equal("next", message.GetProperty("type").GetString());
                received.Add(message.GetProperty("payload").GetProperty("data").GetProperty("checkResultAdded").GetProperty("jobId").GetString()!);
            }

            Assert.Equal(jobIds.Order(), received.Order());
            Assert.Null(await ReceiveAsync(socket, 3)); // and nothing twice

            var status = await ExportStatusAsync();
            if (status == QueryStatus.Succeeded)
            {
                using var download = await onSurvivor.GetAsync($"/v1/query-results/{await ExportGuidAsync()}/export");
                Assert.Equal(System.Net.HttpStatusCode.OK, download.StatusCode);
                var lines = (await download.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.Equal(ExportRows + 1, lines.Length); // header + rows
            }
            else
            {
                await using var data = database.CreateDataContext();
                var run = await data.QueryResults.AsNoTracking().SingleAsync();
                Assert.False(string.IsNullOrEmpty(run.ErrorCode), "a failed export says why");
            }

            output.WriteLine($"node killed: {sent} requests to the survivor, {failed} failed ({string.Join("; ", failures.Take(3))}); " +
                $"jobs {string.Join(", ", jobs.Select(j => j.Status))}; export {status}; all work ended {recovered.TotalSeconds:0.0} s after the kill");
            Assert.Equal(0, failed);
            Assert.NotNull(exportId);
        }
        finally
        {
            await sourceDb.CloseAsync();
            await PostgresDatabase.DropAsync(sourceName);
            disks.ForEach(d => Directory.Delete(d, recursive: true));
        }
    }

    private static async Task<(int Sent, int Failed, List<string> Failures)> LoadAsync(HttpClient http, string connectionId, CancellationToken stop)
    {
        var (sent, failed, failures) = (0, 0, new List<string>());
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var (query, variables) = (i % 3) switch
            {
                0 => ("{ checkDefinitions(first: 10) { nodes { id name } } }", (object)new { }),
                1 => ("mutation($c: ID!, $n: String!) { createCheck(input: {connectionId: $c, name: $n, checkType: \"row_count\", targetTable: \"t\", enabled: false, config: {min: 1}}) { id } }",
                    new { c = connectionId, n = $"load-{i}" }),
                _ => ("{ incidents(first: 10) { nodes { id status } } }", new { }),
            };
            sent++;
            try
            {
                using var response = await http.PostAsJsonAsync("/graphql", new { query, variables }, CancellationToken.None);
                var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                if (!response.IsSuccessStatusCode || body.Contains("\"errors\"", StringComparison.Ordinal))
                {
                    failed++;
                    failures.Add($"{(int)response.StatusCode} {body[..Math.Min(200, body.Length)]}");
                }
            }
            catch (HttpRequestException e)
            {
                failed++;
                failures.Add(e.Message);
            }

            await Task.Delay(20, CancellationToken.None);
        }

        return (sent, failed, failures);
    }

    private async Task<int> RunningJobsAsync()
    {
        await using var db = database.CreateDqContext();
        return await db.Jobs.CountAsync(j => j.Status == JobStatus.Running);
    }

    private async Task<int> QueuedJobsAsync()
    {
        await using var db = database.CreateDqContext();
        return await db.Jobs.CountAsync(j => j.Status == JobStatus.Queued);
    }

    private async Task<string?> ExportStatusAsync()
    {
        await using var data = database.CreateDataContext();
        return await data.QueryResults.AsNoTracking().Where(r => r.Mode == QueryMode.Batch).Select(r => r.Status).SingleOrDefaultAsync();
    }

    private async Task<Guid> ExportGuidAsync()
    {
        await using var data = database.CreateDataContext();
        return await data.QueryResults.AsNoTracking().Where(r => r.Mode == QueryMode.Batch).Select(r => r.Id).SingleAsync();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"waited {seconds} s for {what}");
            await Task.Delay(250);
        }
    }

    private async Task<(Guid WorkspaceId, string ApiKey)> CreateTenantAsync()
    {
        await using var db = database.CreateDqContext();
        return await TestData.CreateTenantAsync(db, "killed-node");
    }

    private static HttpClient Client(ApiProcess api, string apiKey)
    {
        var http = new HttpClient { BaseAddress = new Uri(api.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return http;
    }

    private static async Task<ClientWebSocket> SubscribeAsync(ApiProcess api, string apiKey, string query)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        await socket.ConnectAsync(new Uri(api.BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/graphql"), CancellationToken.None);
        await SendAsync(socket, new { type = "connection_init", payload = new { authorization = "Bearer " + apiKey } });
        Assert.Equal("connection_ack", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());
        await SendAsync(socket, new { id = "1", type = "subscribe", payload = new { query } });
        return socket;
    }

    private static async Task<JsonElement> DataAsync(HttpClient http, string query, object variables)
    {
        using var response = await http.PostAsJsonAsync("/graphql", new { query, variables });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.TryGetProperty("errors", out var errors), errors.ToString());
        return body.GetProperty("data");
    }
}
