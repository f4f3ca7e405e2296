using System.Text;
using System.Text.Json;
using DqPlatform.Api.Auth;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.People;
using DqPlatform.GraphQL.Relay;
using DqPlatform.Infrastructure.Checks.Samples;
using DqPlatform.Infrastructure.People;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DqPlatform.Api.Tests.Checks;

/// <summary>Failed-row samples on a PostgreSQL source: taken only on failure, limited, masked, sealed, purged and confined.</summary>
[Collection(HangfireServersCollection.Name)]
public sealed class FailedSampleTests(CheckEngineFactory api) : IClassFixture<CheckEngineFactory>, IAsyncLifetime
{
    private const string SampleSelection = "failedSamples { columns { name masked mask } rows rowCount truncated note }";

    private TestTenant _tenant = null!;
    private GraphQLClient _client = null!;
    private string _connectionId = "";

    public async Task InitializeAsync()
    {
        await api.ExecuteOnSourceAsync("""
            CREATE TABLE IF NOT EXISTS wide (id int PRIMARY KEY, body text NOT NULL);
            INSERT INTO wide SELECT i, repeat('x', 2000) FROM generate_series(1, 100) i ON CONFLICT DO NOTHING;
            CREATE TABLE IF NOT EXISTS trail (n int);
            CREATE OR REPLACE FUNCTION bump() RETURNS int LANGUAGE sql VOLATILE AS 'INSERT INTO trail VALUES (1) RETURNING 1';
            """);
        _tenant = await TestTenant.CreateAsync(api);
        _client = api.GraphQL(_tenant.ApiKey);
        _connectionId = (await _client.DataAsync(
            "mutation($config: JSON!) { createConnection(input: {name: \"source\", type: POSTGRESQL, config: $config}) { id } }",
            new { config = api.SourceConfig() })).GetProperty("createConnection").GetProperty("id").GetString()!;
        await _client.DataAsync($"mutation {{ testConnection(id: \"{_connectionId}\") {{ status }} }}");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task FailingNullCheck_WithKeyColumns_StoresAtMostLimitRowsOfTheKeyColumns()
    {
        var check = await CreateCheckAsync("orders", "null_count", "customer_email", """{"max": 0, "samples": {"limit": 5, "keyColumns": ["id"]}}""");

        var sample = (await RunAsync(check)).GetProperty("failedSamples");

        Assert.Equal(["id"], sample.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        var ids = sample.GetProperty("rows").EnumerateArray().Select(r => int.Parse(r[0].GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(5, ids.Count);
        Assert.All(ids, id => Assert.Equal(0, id % 10)); // the orders whose e-mail is NULL
        Assert.False(sample.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task FailingNullCheck_ByDefault_StoresTwentyRowsOfTheTargetAndConfiguredColumns()
    {
        var check = await CreateCheckAsync("orders", "null_count", "customer_email", """{"max": 0, "samples": {"columns": ["id"]}}""");

        var sample = (await RunAsync(check)).GetProperty("failedSamples");

        Assert.Equal(["customer_email", "id"], sample.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(20, sample.GetProperty("rowCount").GetInt32());
        Assert.All(sample.GetProperty("rows").EnumerateArray(), r => Assert.Equal(JsonValueKind.Null, r[0].ValueKind));
    }

    [Fact]
    public async Task MaskedColumns_NeverReachTheDatabaseOrTheGraphInTheClear()
    {
        var check = await CreateCheckAsync("orders", "regex_match_percent", "customer_email",
            """{"pattern": "^admin", "min": 100, "samples": {"limit": 3, "keyColumns": ["id", "customer_email", "amount"], "mask": {"customer_email": "hash", "amount": "redact"}}}""");

        var result = await RunAsync(check);
        var sample = result.GetProperty("failedSamples");

        var columns = sample.GetProperty("columns").EnumerateArray().ToList();
        Assert.Equal([null, "HASH", "REDACT"], columns.Select(c => c.GetProperty("mask").GetString()));
        Assert.Equal([false, true, true], columns.Select(c => c.GetProperty("masked").GetBoolean()));
        var rows = sample.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(3, rows.Count);
        foreach (var row in rows)
        {
            var id = row[0].GetString()!;
            Assert.Matches("^[0-9a-f]{64}$", row[1].GetString()!);
            Assert.NotEqual(Sha256Hex($"user{id}@example.com"), row[1].GetString()); // keyed, not a bare digest
            Assert.Equal("[redacted]", row[2].GetString());
        }

        Assert.DoesNotContain("example.com", sample.ToString(), StringComparison.Ordinal);
        var stored = (await RawPayloadAsync(IdOf(check)))!;
        var firstId = rows[0][0].GetString()!;
        foreach (var clear in new[] { "example.com", $"user{firstId}@", "customer_email", "\"rows\"" })
        {
            Assert.False(Contains(stored, Encoding.UTF8.GetBytes(clear)), $"'{clear}' is stored in the clear");
        }
    }

    [Fact]
    public async Task SampleOfWideValues_IsCutAtTheByteCap_AndSaysSo()
    {
        var check = await CreateCheckAsync("wide", "text_length", "body", """{"max": 10, "samples": {"limit": 100}}""");

        var sample = (await RunAsync(check)).GetProperty("failedSamples");

        Assert.True(sample.GetProperty("truncated").GetBoolean());
        var rows = sample.GetProperty("rows").EnumerateArray().ToList();
        Assert.InRange(rows.Count, 1, 99);
        Assert.All(rows, r => Assert.Equal(1024, r[0].GetString()!.Length));
        Assert.True(rows.Sum(r => r[0].GetString()!.Length) <= 64 * 1024);
        Assert.Contains("65536 bytes", sample.GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PassingRun_StoresNoSample()
    {
        var check = await CreateCheckAsync("orders", "null_count", "customer_email", """{"max": 50}""");

        var result = await RunAsync(check);

        Assert.True(result.GetProperty("rulePassed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("failedSamples").ValueKind);
        Assert.Null(await RawPayloadAsync(IdOf(check)));
    }

    [Fact]
    public async Task SamplesTurnedOff_StoreNothingOnFailure()
    {
        var check = await CreateCheckAsync("orders", "null_count", "customer_email", """{"max": 0, "samples": {"limit": 0}}""");

        var result = await RunAsync(check);

        Assert.False(result.GetProperty("rulePassed").GetBoolean());
        Assert.Null(await RawPayloadAsync(IdOf(check)));
    }

    [Fact]
    public async Task CustomSqlRows_KeepsTheQueryRowsAsTheSample()
    {
        var check = await CreateCheckAsync("orders", "custom_sql_rows", null,
            """{"sql": "SELECT id, customer_email FROM orders WHERE amount > 295 ORDER BY id", "samples": {"limit": 3}}""");

        var result = await RunAsync(check);

        Assert.Equal("4", result.GetProperty("sensorValue").GetString());
        var sample = result.GetProperty("failedSamples");
        Assert.Equal(["id", "customer_email"], sample.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(["197", "198", "199"], sample.GetProperty("rows").EnumerateArray().Select(r => r[0].GetString()));
    }

    [Fact]
    public async Task CustomSqlRows_WithHugeValues_StreamsOnlyTheKeptPrefix_AndSaysItWasCut()
    {
        // Four rows of 20 MB text and 20 MB bytes, read under SequentialAccess (columns once, in order): each value keeps
        // only its first characters and is marked cut; json is streamed the same way; a small jsonb after them is read whole.
        var check = await CreateCheckAsync("orders", "custom_sql_rows", null,
            """{"sql": "SELECT g AS n, repeat('x', 20000000) AS body, convert_to(repeat('y', 20000000), 'UTF8') AS blob, '{\"k\": 1}'::jsonb AS doc, ('{\"k\": \"' || repeat('z', 2000) || '\"}')::json AS big FROM generate_series(1, 4) g", "samples": {"limit": 10}}""");

        var result = await RunAsync(check);

        Assert.Equal("4", result.GetProperty("sensorValue").GetString());
        var sample = result.GetProperty("failedSamples");
        Assert.True(sample.GetProperty("truncated").GetBoolean(), sample.ToString());
        var rows = sample.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["1", "2", "3", "4"], rows.Select(r => r[0].GetString()));
        Assert.All(rows, r => Assert.Equal(new string('x', 1024), r[1].GetString()));
        Assert.All(rows, r => Assert.Equal("\\x7979", r[2].GetString()![..6]));
        Assert.All(rows, r => Assert.Equal(1024, r[2].GetString()!.Length));
        Assert.All(rows, r => Assert.Equal("{\"k\": 1}", r[3].GetString()));
        Assert.All(rows, r => Assert.Equal("{\"k\": \"" + new string('z', 1024 - 7), r[4].GetString()));
    }

    [Fact]
    public async Task CustomSqlRows_ThatWrites_IsRefusedWhenSaved_AndByTheGuardWhenItHidesInAFunction()
    {
        var refused = await _client.ErrorCodeAsync(
            "mutation($c: ID!, $cfg: JSON!) { createCheck(input: {connectionId: $c, name: \"w\", checkType: \"custom_sql_rows\", targetTable: \"orders\", config: $cfg}) { id } }",
            new { c = _connectionId, cfg = new { sql = "DELETE FROM orders RETURNING id" } });
        Assert.Equal("VALIDATION", refused);

        var check = await CreateCheckAsync("orders", "custom_sql_rows", null, """{"sql": "SELECT id FROM orders WHERE bump() = 1"}""");
        var job = await RunJobAsync(check);

        Assert.Equal("FAILED", job.GetProperty("status").GetString());
        Assert.Null(await RawPayloadAsync(IdOf(check)));
        await using var source = new NpgsqlConnection(api.SourceConnectionString);
        await source.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM trail", source);
        Assert.Equal(0L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task AnotherWorkspace_NeverResolvesTheResultOrItsSample()
    {
        var check = await CreateCheckAsync("orders", "null_count", "customer_email", """{"max": 0}""");
        var result = await RunAsync(check);
        var other = api.GraphQL((await TestTenant.CreateAsync(api)).ApiKey);

        var node = await other.DataAsync($"{{ node(id: \"{result.GetProperty("id").GetString()}\") {{ ... on CheckResult {{ {SampleSelection} }} }} }}");
        var list = await other.DataAsync($"{{ checkResults(first: 100) {{ nodes {{ id {SampleSelection} }} }} }}");

        Assert.Equal(JsonValueKind.Null, node.GetProperty("node").ValueKind);
        Assert.Empty(list.GetProperty("checkResults").GetProperty("nodes").EnumerateArray());
        using var scope = api.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<RequestCaller>().Current = await CallerAsync(await TestTenant.CreateAsync(api), Roles.Owner);
        var key = ResultKeyOf(result);
        var seen = await scope.ServiceProvider.GetRequiredService<FailedSampleReads>().ByResultsAsync([key], DatasetReader.None with { ReadsAll = true }, CancellationToken.None);
        Assert.Empty(seen);
    }

    [Fact]
    public async Task CallerWhoMayNotReadTheDataset_IsRefusedItsSamples()
    {
        var check = await CreateCheckAsync("orders", "null_count", "customer_email", """{"max": 0}""");
        var result = await RunAsync(check);
        await _client.DataAsync("mutation($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }",
            new { input = new { connectionId = _connectionId, schema = "public", table = "orders", name = "Orders", readRoles = new[] { Roles.Admin } } });

        var asOperator = await SamplesAsAsync(Roles.Operator, result);
        var asAdmin = await SamplesAsAsync(Roles.Admin, result);

        Assert.Null(asOperator.Sample);
        Assert.Equal("Orders", Assert.Single(asOperator.Refused).Name);
        Assert.Equal(20, asAdmin.Sample!.Rows.Count);
    }

    [Fact]
    public async Task ServiceKeyWithoutRoles_GetsDatasetForbiddenOnTheField_ButSeesTheResult()
    {
        var check = await CreateCheckAsync("orders", "null_count", "customer_email", """{"max": 0}""");
        var result = await RunAsync(check);
        var readKey = (await _client.DataAsync("mutation { createApiKey(input: {name: \"reader\", scopes: [\"read\"]}) { key } }"))
            .GetProperty("createApiKey").GetProperty("key").GetString()!;
        var query = $"{{ node(id: \"{result.GetProperty("id").GetString()}\") {{ ... on CheckResult {{ rulePassed {SampleSelection} }} }} }}";
        var open = (await api.GraphQL(readKey).DataAsync(query)).GetProperty("node");
        Assert.Equal(20, open.GetProperty("failedSamples").GetProperty("rowCount").GetInt32());

        await _client.DataAsync("mutation($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }",
            new { input = new { connectionId = _connectionId, schema = "public", table = "orders", name = "Orders", readRoles = new[] { Roles.Viewer } } });
        var (_, body) = await api.GraphQL(readKey).SendAsync(query);

        Assert.False(body.GetProperty("data").GetProperty("node").GetProperty("rulePassed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("data").GetProperty("node").GetProperty("failedSamples").ValueKind);
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal("DATASET_FORBIDDEN", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.DoesNotContain("example.com", body.ToString(), StringComparison.Ordinal);
    }

    private async Task<SampleView> SamplesAsAsync(string role, JsonElement result)
    {
        using var scope = api.Services.CreateScope();
        var caller = await CallerAsync(_tenant, role);
        scope.ServiceProvider.GetRequiredService<RequestCaller>().Current = caller;
        var seen = await scope.ServiceProvider.GetRequiredService<FailedSampleReads>().ByResultsAsync([ResultKeyOf(result)], DatasetReader.Of(caller), CancellationToken.None);
        return seen.Single().Value;
    }

    [Fact]
    public async Task RetentionJob_DeletesOnlySamplesPastTheRetention()
    {
        var check = IdOf(await CreateCheckAsync("orders", "null_count", "customer_email", """{"max": 0}"""));
        var now = api.Services.GetRequiredService<IClock>().UtcNow;
        var (old, recent) = (Random.Shared.NextInt64(1L << 40, 1L << 50), Random.Shared.NextInt64(1L << 50, 1L << 60));
        await using (var db = new NpgsqlConnection(api.Database.ConnectionString))
        {
            await db.OpenAsync();
            await using var insert = new NpgsqlCommand("""
                INSERT INTO dq.check_result_samples (result_id, executed_at, check_id, payload, row_count, truncated)
                VALUES ($1, $2, $5, '\x01', 0, false), ($3, $4, $5, '\x01', 0, false)
                """, db);
            insert.Parameters.AddWithValue(old);
            insert.Parameters.AddWithValue(now - TimeSpan.FromDays(31));
            insert.Parameters.AddWithValue(recent);
            insert.Parameters.AddWithValue(now - TimeSpan.FromDays(29));
            insert.Parameters.AddWithValue(check);
            await insert.ExecuteNonQueryAsync();
        }

        using (var scope = api.Services.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<FailedSampleRetention>().SweepAsync(CancellationToken.None) >= 1);
        }

        await using var read = new NpgsqlConnection(api.Database.ConnectionString);
        await read.OpenAsync();
        await using var left = new NpgsqlCommand("SELECT array_agg(result_id ORDER BY result_id) FROM dq.check_result_samples WHERE result_id = ANY($1)", read);
        left.Parameters.AddWithValue(new[] { old, recent });
        Assert.Equal([recent], (long[])(await left.ExecuteScalarAsync())!);
    }

    private async Task<string> CreateCheckAsync(string table, string type, string? column, string config) =>
        (await _client.DataAsync(
            "mutation($c: ID!, $tb: String!, $t: String!, $col: String, $cfg: JSON!) { createCheck(input: {connectionId: $c, name: \"sampled\", checkType: $t, targetTable: $tb, targetColumn: $col, config: $cfg}) { id } }",
            new { c = _connectionId, tb = table, t = type, col = column, cfg = JsonSerializer.Deserialize<JsonElement>(config) }))
        .GetProperty("createCheck").GetProperty("id").GetString()!;

    private async Task<JsonElement> RunAsync(string checkId)
    {
        var job = await RunJobAsync(checkId);
        Assert.Equal("COMPLETED", job.GetProperty("status").GetString());
        return job.GetProperty("result");
    }

    private async Task<JsonElement> RunJobAsync(string checkId)
    {
        var jobId = (await _client.DataAsync($"mutation {{ runCheck(id: \"{checkId}\") {{ id }} }}")).GetProperty("runCheck").GetProperty("id").GetString();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var job = (await _client.DataAsync($"{{ node(id: \"{jobId}\") {{ ... on Job {{ status errorMessage result {{ id sensorValue rulePassed executedAt {SampleSelection} }} }} }} }}")).GetProperty("node");
            if (job.GetProperty("status").GetString() is "COMPLETED" or "FAILED")
            {
                return job;
            }

            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} still {job.GetProperty("status")} after 60 s");
            await Task.Delay(100);
        }
    }

    private async Task<byte[]?> RawPayloadAsync(Guid checkId)
    {
        await using var db = new NpgsqlConnection(api.Database.ConnectionString);
        await db.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT payload FROM dq.check_result_samples WHERE check_id = $1", db);
        read.Parameters.AddWithValue(checkId);
        return await read.ExecuteScalarAsync() as byte[];
    }

    private async Task<Domain.Tenancy.Caller> CallerAsync(TestTenant tenant, string workspaceRole)
    {
        var user = new User { Id = Guid.NewGuid(), Issuer = "https://issuer.test", ExternalId = Guid.NewGuid().ToString("N") };
        await using (var db = api.Database.CreateDqContext())
        {
            db.Users.Add(user);
            db.OrganizationMembers.Add(new OrganizationMember { OrganizationId = tenant.OrganizationId, UserId = user.Id });
            db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = tenant.WorkspaceId, UserId = user.Id, Role = workspaceRole });
            await db.SaveChangesAsync();
        }

        return (await api.Services.GetRequiredService<UserAccess>().CallerAsync(user.Id, tenant.WorkspaceId, CancellationToken.None))!;
    }

    private static ResultKey ResultKeyOf(JsonElement result) =>
        GlobalId.TryDecode(result.GetProperty("id").GetString()!, out _, out string key) && ResultKey.TryParse(key, out var rk) ? rk : throw new ArgumentException(result.ToString());

    private static Guid IdOf(string globalId) => GlobalId.TryDecode(globalId, out _, out Guid id) ? id : throw new ArgumentException(globalId);

    private static string Sha256Hex(string value) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
