using System.Text.Json;
using DqPlatform.GraphQL.Relay;
using DqPlatform.Infrastructure.Checks;
using DqPlatform.Infrastructure.Connectors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using DqPlatform.TestSupport;
using MySqlConnector;
using Npgsql;

namespace DqPlatform.Api.Tests.Checks;

/// <summary>
/// schema_drift end to end on real sources: a table ALTERed between runs fails the next run naming each change, and
/// the run after that passes; the baseline is the snapshot as of the previous run even when the schema was re-read since.
/// </summary>
[Collection(HangfireServersCollection.Name)]
public sealed class SchemaDriftTests(CheckEngineFactory api, MariaDbDatabase maria)
    : IClassFixture<CheckEngineFactory>, IClassFixture<MariaDbDatabase>, IAsyncLifetime
{
    private TestTenant _tenant = null!;
    private GraphQLClient _client = null!;

    public async Task InitializeAsync()
    {
        _tenant = await TestTenant.CreateAsync(api);
        _client = api.GraphQL(_tenant.ApiKey);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task SchemaDrift_OnPostgres_NamesAddedRemovedAndRetypedColumns_ThenPasses()
    {
        await api.ExecuteOnSourceAsync("CREATE TABLE drifting (id int PRIMARY KEY, email text, amount integer, created_at timestamptz)");
        var connection = await ConnectAsync("pg", "POSTGRESQL", api.SourceConfig());
        var check = await CreateDriftCheckAsync(connection, "drifting", "{}");
        var ignoring = await CreateDriftCheckAsync(connection, "drifting", """{"detect": ["removed"]}""", "drift removals only");

        var first = await RunAsync(check);
        Assert.Equal((true, 0m), (first.GetProperty("rulePassed").GetBoolean(), Value(first)));
        Assert.Equal("Baseline recorded: 4 columns.", first.GetProperty("explanation").GetString());
        await RunAsync(ignoring);

        await api.ExecuteOnSourceAsync("ALTER TABLE drifting DROP COLUMN email, ALTER COLUMN amount TYPE numeric(12,2), ADD COLUMN phone varchar(20)");
        // A re-read of the whole schema in between must not become the baseline: the previous run's snapshot is.
        await _client.DataAsync($"{{ node(id: \"{connection}\") {{ ... on Connection {{ tables(refresh: true) {{ name }} }} }} }}");

        var drifted = await RunAsync(check);
        Assert.False(drifted.GetProperty("rulePassed").GetBoolean());
        Assert.Equal(3m, Value(drifted));
        Assert.Equal("column `email` removed; `amount` changed from integer to numeric(12,2); column `phone` added (character varying(20))",
            drifted.GetProperty("explanation").GetString());
        var onlyRemovals = await RunAsync(ignoring);
        Assert.Equal((false, 1m), (onlyRemovals.GetProperty("rulePassed").GetBoolean(), Value(onlyRemovals)));
        Assert.StartsWith("column `email` removed; ", onlyRemovals.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("(ignored)", onlyRemovals.GetProperty("explanation").GetString(), StringComparison.Ordinal);

        var settled = await RunAsync(check);
        Assert.Equal((true, 0m), (settled.GetProperty("rulePassed").GetBoolean(), Value(settled)));

        // History: a row per distinct content, each with its own hash.
        await using var db = new NpgsqlConnection(api.Database.ConnectionString);
        await db.OpenAsync();
        await using var count = new NpgsqlCommand(
            "SELECT count(*), count(DISTINCT content_hash) FROM dq.schema_snapshot_history WHERE connection_id = @c", db);
        count.Parameters.AddWithValue("c", IdOf(connection));
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(2L, reader.GetInt64(0));
        Assert.Equal(2L, reader.GetInt64(1));
    }

    [Fact]
    public async Task SchemaDrift_OnMariaDb_NamesTheChanges()
    {
        await maria.ExecuteAsync("CREATE TABLE drifting (id INT PRIMARY KEY, email VARCHAR(100), amount INT)");
        var b = new MySqlConnectionStringBuilder(maria.ConnectionString);
        var connection = await ConnectAsync("maria", "MYSQL",
            new { host = b.Server, port = b.Port, database = b.Database, user = b.UserID, password = b.Password, sslMode = "None" });
        var check = await CreateDriftCheckAsync(connection, "drifting", "{}");
        Assert.True((await RunAsync(check)).GetProperty("rulePassed").GetBoolean());

        await maria.ExecuteAsync("ALTER TABLE drifting DROP COLUMN email, MODIFY amount DECIMAL(12,2), ADD COLUMN phone VARCHAR(20)");
        var drifted = await RunAsync(check);

        Assert.False(drifted.GetProperty("rulePassed").GetBoolean());
        Assert.Equal(3m, Value(drifted));
        var text = drifted.GetProperty("explanation").GetString()!;
        Assert.Contains("column `email` removed", text, StringComparison.Ordinal);
        Assert.Contains("`amount` changed from int", text, StringComparison.Ordinal);
        Assert.Contains("to decimal(12,2)", text, StringComparison.Ordinal);
        Assert.Contains("column `phone` added (varchar(20))", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SchemaHistory_AddsOnlyChangedContent_AndKeepsTheNewestRows()
    {
        var connection = IdOf(await ConnectAsync("history", "POSTGRESQL", api.SourceConfig()));
        var kept = api.Services.GetRequiredService<IOptions<CheckEngineOptions>>().Value.SchemaHistoryKept;
        var start = DateTimeOffset.UtcNow;
        for (var i = 0; i < kept + 5; i++)
        {
            using var scope = api.Services.CreateScope();
            var history = scope.ServiceProvider.GetRequiredService<SchemaHistoryStore>();
            SourceTable[] tables = [new("public", "t", [new SourceColumn("c" + i, "integer", true)])];
            await history.RecordAsync(connection, tables, start.AddSeconds(i), CancellationToken.None);
            // The same content again adds nothing.
            await history.RecordAsync(connection, tables, start.AddSeconds(i).AddMilliseconds(500), CancellationToken.None);
        }

        await using var db = api.Database.CreateDqContext();
        var rows = await db.SchemaSnapshotHistory.AsNoTracking().Where(h => h.ConnectionId == connection).OrderBy(h => h.ReadAt).ToListAsync();
        Assert.Equal(kept, rows.Count);
        Assert.Contains("\"c5\"", rows[0].Tables, StringComparison.Ordinal);
        Assert.Contains($"\"c{kept + 4}\"", rows[^1].Tables, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckTypes_ListSchemaDriftWithItsConfig()
    {
        var types = (await _client.DataAsync("{ checkTypes { name target configFields { name kind required } } }")).GetProperty("checkTypes");
        var drift = types.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "schema_drift");
        Assert.Equal("detect", drift.GetProperty("configFields")[0].GetProperty("name").GetString());
    }

    private static decimal Value(JsonElement result) =>
        decimal.Parse(result.GetProperty("sensorValue").ToString(), System.Globalization.CultureInfo.InvariantCulture);

    private static Guid IdOf(string globalId) => GlobalId.TryDecode(globalId, out _, out Guid id) ? id : throw new ArgumentException(globalId);

    private async Task<string> ConnectAsync(string name, string type, object config)
    {
        var created = await _client.DataAsync(
            $"mutation($config: JSON!) {{ createConnection(input: {{name: \"{name}\", type: {type}, config: $config}}) {{ id }} }}", new { config });
        return created.GetProperty("createConnection").GetProperty("id").GetString()!;
    }

    private async Task<string> CreateDriftCheckAsync(string connection, string table, string config, string name = "drift")
    {
        var data = await _client.DataAsync(
            "mutation($c: ID!, $n: String!, $t: String!, $cfg: JSON!) { createCheck(input: {connectionId: $c, name: $n, checkType: \"schema_drift\", targetTable: $t, config: $cfg}) { id } }",
            new { c = connection, n = name, t = table, cfg = JsonSerializer.Deserialize<JsonElement>(config) });
        return data.GetProperty("createCheck").GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> RunAsync(string checkId)
    {
        var job = (await _client.DataAsync($"mutation {{ runCheck(id: \"{checkId}\") {{ id }} }}")).GetProperty("runCheck").GetProperty("id").GetString();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var node = (await _client.DataAsync($"{{ node(id: \"{job}\") {{ ... on Job {{ status errorMessage result {{ sensorValue rulePassed errorMessage explanation }} }} }} }}")).GetProperty("node");
            var status = node.GetProperty("status").GetString();
            if (status is "COMPLETED" or "FAILED")
            {
                var result = node.GetProperty("result");
                Assert.True(result.GetProperty("errorMessage").ValueKind == JsonValueKind.Null, "the run errored: " + result);
                return result;
            }

            Assert.True(DateTime.UtcNow < deadline, $"job {job} still {status} after 60 s");
            await Task.Delay(200);
        }
    }
}
