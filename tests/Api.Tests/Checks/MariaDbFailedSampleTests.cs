using System.Text;
using System.Text.Json;
using DqPlatform.GraphQL.Relay;
using DqPlatform.TestSupport;
using MySqlConnector;
using Npgsql;

namespace DqPlatform.Api.Tests.Checks;

/// <summary>Failed-row samples on a MariaDB source: MySQL quoting, bound values, and the sealed PREPARE path of user SQL.</summary>
[Collection(HangfireServersCollection.Name)]
public sealed class MariaDbFailedSampleTests(CheckEngineFactory api, MariaDbDatabase source)
    : IClassFixture<CheckEngineFactory>, IClassFixture<MariaDbDatabase>, IAsyncLifetime
{
    private GraphQLClient _client = null!;
    private string _connectionId = "";

    public async Task InitializeAsync()
    {
        await source.ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS customers (id INT PRIMARY KEY, email VARCHAR(100), status VARCHAR(20) NOT NULL);
            INSERT IGNORE INTO customers VALUES (1, 'a@example.com', 'new'), (2, NULL, 'paid'), (3, 'c@example.com', 'lost'),
                (4, NULL, 'new'), (5, 'c@example.com', 'PAID'), (6, NULL, 'paid');
            """);
        var tenant = await TestTenant.CreateAsync(api);
        _client = api.GraphQL(tenant.ApiKey);
        var b = new MySqlConnectionStringBuilder(source.ConnectionString);
        _connectionId = (await _client.DataAsync(
            "mutation($config: JSON!) { createConnection(input: {name: \"maria\", type: MYSQL, config: $config}) { id } }",
            new { config = new { host = b.Server, port = b.Port, database = b.Database, user = b.UserID, password = b.Password, sslMode = "None" } }))
            .GetProperty("createConnection").GetProperty("id").GetString()!;
        await _client.DataAsync($"mutation {{ testConnection(id: \"{_connectionId}\") {{ status }} }}");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task FailingNullCheck_StoresKeyColumnsWithHashedValues()
    {
        var check = await CreateCheckAsync("null_count", "email", """{"max": 0, "samples": {"keyColumns": ["id", "status"], "mask": {"status": "hash"}}}""");

        var sample = await RunAsync(check);

        var rows = sample.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["2", "4", "6"], rows.Select(r => r[0].GetString()).Order());
        Assert.All(rows, r => Assert.Matches("^[0-9a-f]{64}$", r[1].GetString()!));
        // Keyed but stable within the workspace: rows 2 and 6 are both 'paid', row 4 is 'new'.
        var hashOf = rows.ToDictionary(r => r[0].GetString()!, r => r[1].GetString());
        Assert.Equal(hashOf["2"], hashOf["6"]);
        Assert.NotEqual(hashOf["2"], hashOf["4"]);
        Assert.False(Contains((await RawPayloadAsync(check))!, "paid"));
    }

    [Fact]
    public async Task FailingAcceptedValuesAndDuplicates_SampleTheOffendingRows()
    {
        var accepted = await CreateCheckAsync("accepted_values_percent", "status", """{"values": ["new", "paid"], "min": 100, "samples": {"columns": ["id"]}}""");
        var duplicates = await CreateCheckAsync("duplicate_count", "email", """{"max": 0, "samples": {"keyColumns": ["id"]}}""");

        var offending = await RunAsync(accepted);
        var repeated = await RunAsync(duplicates);

        // Compared as binary text: 'PAID' is not an accepted 'paid'.
        Assert.Equal(["3", "5"], offending.GetProperty("rows").EnumerateArray().Select(r => r[1].GetString()).Order());
        Assert.Equal(["3", "5"], repeated.GetProperty("rows").EnumerateArray().Select(r => r[0].GetString()).Order());
    }

    [Fact]
    public async Task CustomSqlRows_RunsSealed_AndKeepsItsRows()
    {
        var check = await CreateCheckAsync("custom_sql_rows", null, """{"sql": "SELECT id, status FROM customers WHERE email IS NULL ORDER BY id", "samples": {"limit": 2}}""");

        var sample = await RunAsync(check);

        Assert.Equal(["id", "status"], sample.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(2, sample.GetProperty("rowCount").GetInt32());
    }

    private async Task<string> CreateCheckAsync(string type, string? column, string config) =>
        (await _client.DataAsync(
            "mutation($c: ID!, $n: String!, $t: String!, $col: String, $cfg: JSON!) { createCheck(input: {connectionId: $c, name: $n, checkType: $t, targetTable: \"customers\", targetColumn: $col, config: $cfg}) { id } }",
            new { c = _connectionId, n = type + " " + column, t = type, col = column, cfg = JsonSerializer.Deserialize<JsonElement>(config) }))
        .GetProperty("createCheck").GetProperty("id").GetString()!;

    private async Task<JsonElement> RunAsync(string checkId)
    {
        var jobId = (await _client.DataAsync($"mutation {{ runCheck(id: \"{checkId}\") {{ id }} }}")).GetProperty("runCheck").GetProperty("id").GetString();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var job = (await _client.DataAsync($"{{ node(id: \"{jobId}\") {{ ... on Job {{ status errorMessage result {{ rulePassed failedSamples {{ columns {{ name }} rows rowCount note }} }} }} }} }}")).GetProperty("node");
            if (job.GetProperty("status").GetString() is "COMPLETED" or "FAILED")
            {
                Assert.Equal("COMPLETED", job.GetProperty("status").GetString());
                var sample = job.GetProperty("result").GetProperty("failedSamples");
                Assert.Equal(JsonValueKind.Null, sample.GetProperty("note").ValueKind);
                return sample;
            }

            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} still {job.GetProperty("status")} after 60 s");
            await Task.Delay(100);
        }
    }

    private async Task<byte[]?> RawPayloadAsync(string checkId)
    {
        await using var db = new NpgsqlConnection(api.Database.ConnectionString);
        await db.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT payload FROM dq.check_result_samples WHERE check_id = $1", db);
        read.Parameters.AddWithValue(GlobalId.TryDecode(checkId, out _, out Guid id) ? id : Guid.Empty);
        return await read.ExecuteScalarAsync() as byte[];
    }

    private static bool Contains(byte[] haystack, string clear) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(clear)) >= 0;
}
