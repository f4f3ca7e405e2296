using System.Globalization;
using System.Text.Json;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Checks.Types;
using DqPlatform.Domain.Events;
using DqPlatform.GraphQL.Relay;
using DqPlatform.Infrastructure.Checks;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DqPlatform.Api.Tests.Checks;

/// <summary>Anomaly checks end to end: history from the database, the band stored with the result and read through GraphQL.</summary>
[Collection(HangfireServersCollection.Name)]
public sealed class AnomalyBoundsTests(CheckEngineFactory api) : IClassFixture<CheckEngineFactory>, IAsyncLifetime
{
    private GraphQLClient _client = null!;
    private string _connectionId = "";

    public async Task InitializeAsync()
    {
        var tenant = await TestTenant.CreateAsync(api);
        _client = api.GraphQL(tenant.ApiKey);
        var created = await _client.DataAsync(
            "mutation($config: JSON!) { createConnection(input: {name: \"source\", type: POSTGRESQL, config: $config}) { id } }",
            new { config = api.SourceConfig() });
        _connectionId = created.GetProperty("createConnection").GetProperty("id").GetString()!;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task RunAnomalyCheck_StoresTheExpectedBand_ReadThroughGraphQL()
    {
        var (check, checkId) = await CreateCheckAsync("""{"sensitivity": 3, "trainingDays": 30}""");
        decimal[] values = [195, 205, 198, 202, 200, 197, 203, 199, 201, 196, 204, 200];
        await SeedAsync(checkId, values.Select((v, i) => (Hours: i + 1, Value: (decimal?)v, Passed: true)));

        var heard = new System.Collections.Concurrent.ConcurrentQueue<DqEvent>();
        using var listening = api.Services.GetRequiredService<IEventBus>().Listen(heard.Enqueue);
        var result = await RunAsync(check);

        // The orders table holds 200 rows: inside the band the training values give (the domain's arithmetic).
        var expected = Expected("""{"sensitivity": 3, "trainingDays": 30}""", values);
        Assert.True(result.GetProperty("rulePassed").GetBoolean());
        Assert.Equal((expected.ExpectedLower, expected.ExpectedUpper), Bounds(result));
        Assert.True(expected.ExpectedLower < 200 && 200 < expected.ExpectedUpper);

        var listed = (await _client.DataAsync($"{{ node(id: \"{check}\") {{ ... on CheckDefinition {{ latestResult {{ expectedLower expectedUpper }} }} }} }}"))
            .GetProperty("node").GetProperty("latestResult");
        Assert.Equal(Bounds(result), Bounds(listed));

        var filtered = (await _client.DataAsync(
            "query($c: ID!, $lower: Decimal!) { checkResults(where: {checkId: {eq: $c}, expectedLower: {lte: $lower}}, order: [{expectedUpper: DESC}]) { nodes { expectedLower expectedUpper } } }",
            new { c = check, lower = expected.ExpectedLower })).GetProperty("checkResults").GetProperty("nodes");
        Assert.Equal(Bounds(result), Bounds(Assert.Single(filtered.EnumerateArray())));

        // Live clients get the band with the result (checkResultAdded.result); the worker announces right after it commits.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!heard.OfType<CheckResultAdded>().Any(e => e.CheckId == checkId) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var announced = Assert.Single(heard.OfType<CheckResultAdded>(), e => e.CheckId == checkId).Result!;
        Assert.Equal((expected.ExpectedLower, expected.ExpectedUpper), (announced.ExpectedLower, announced.ExpectedUpper));
    }

    [Fact]
    public async Task IncidentFailures_AreLeftOutOfTraining()
    {
        const string Config = """{"maxStdDevs": 3, "trainingDays": 30}""";
        var (check, checkId) = await CreateCheckAsync(Config);
        await SeedAsync(checkId,
        [
            .. Enumerable.Range(11, 10).Select(h => (h, (decimal?)(200 + h % 3), true)), // ordinary passes, 11–20 hours ago
            .. Enumerable.Range(6, 5).Where(h => h != 8).Select(h => (h, (decimal?)1000, false)), // the incident's failures
            (8, 210, true), // a pass inside the incident's span stays
            (3, 185, false), // a failure no incident took stays
            (2, null, false), // an error never trains
        ]);
        await ExecuteAsync($"""
            INSERT INTO dq.incidents (check_id, status, severity, failure_count, first_seen, last_seen, resolved_at)
            VALUES ('{checkId}', 'resolved', 'error', 4, {_now} - interval '10 hours', {_now} - interval '6 hours', {_now} - interval '5 hours')
            """);

        await using (var db = api.Database.CreateDqContext())
        {
            var points = await CheckHistory.PointsAsync(db, checkId, new HistoryWindow(DateTimeOffset.UtcNow.AddDays(-30), 100), CancellationToken.None);
            Assert.Equal([185, 210, 202, 200, 201, 202, 200, 201, 202, 200, 201, 202], points.Select(p => p.Value));
        }

        var result = await RunAsync(check);
        decimal[] kept = [185, 210, .. Enumerable.Range(11, 10).Select(h => (decimal)(200 + h % 3))];
        var expected = Expected(Config, kept);
        Assert.Equal((expected.ExpectedLower, expected.ExpectedUpper), Bounds(result));
        Assert.True(result.GetProperty("rulePassed").GetBoolean());
    }

    private static RuleOutcome Expected(string config, decimal[] history)
    {
        var at = DateTimeOffset.UnixEpoch.AddDays(100);
        return ((AnomalyCheck)CheckCatalog.Get("anomaly")).Judge(
            CheckConfig.Parse(config), new SensorReading(200), at, [.. history.Select((v, i) => new HistoryPoint(at.AddHours(-i - 1), v))]);
    }

    private static (decimal?, decimal?) Bounds(JsonElement result) => (Decimal(result.GetProperty("expectedLower")), Decimal(result.GetProperty("expectedUpper")));

    private static decimal? Decimal(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => decimal.Parse(value.GetString()!, CultureInfo.InvariantCulture),
        _ => value.GetDecimal(),
    };

    private async Task<(string GlobalId, Guid Id)> CreateCheckAsync(string config)
    {
        var data = await _client.DataAsync(
            "mutation($c: ID!, $cfg: JSON!) { createCheck(input: {connectionId: $c, name: \"volume\", checkType: \"anomaly\", targetTable: \"orders\", config: $cfg, severity: ERROR}) { id } }",
            new { c = _connectionId, cfg = JsonSerializer.Deserialize<JsonElement>(config) });
        var id = data.GetProperty("createCheck").GetProperty("id").GetString()!;
        return (id, GlobalId.TryDecode(id, out _, out Guid guid) ? guid : throw new ArgumentException(id));
    }

    // One instant for every seeded row, so the incident's span and its failures line up to the microsecond.
    private readonly string _now = $"'{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss.ffffff}+00'::timestamptz";

    private async Task SeedAsync(Guid checkId, IEnumerable<(int Hours, decimal? Value, bool Passed)> results)
    {
        foreach (var (hours, value, passed) in results)
        {
            var error = value is null ? "'source unreachable'" : "NULL";
            var measured = value?.ToString(CultureInfo.InvariantCulture) ?? "NULL";
            await ExecuteAsync($"""
                INSERT INTO dq.check_results (check_id, executed_at, sensor_value, rule_passed, severity, error_message)
                VALUES ('{checkId}', {_now} - interval '{hours} hours', {measured}, {passed}, {(passed ? "NULL" : "'error'")}, {error})
                """);
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<JsonElement> RunAsync(string check)
    {
        var job = (await _client.DataAsync($"mutation {{ runCheck(id: \"{check}\") {{ id }} }}")).GetProperty("runCheck").GetProperty("id").GetString();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var node = (await _client.DataAsync($"{{ node(id: \"{job}\") {{ ... on Job {{ status result {{ sensorValue rulePassed expectedLower expectedUpper }} }} }} }}")).GetProperty("node");
            if (node.GetProperty("status").GetString() is "COMPLETED" or "FAILED")
            {
                return node.GetProperty("result");
            }

            Assert.True(DateTime.UtcNow < deadline, $"job {job} still {node.GetProperty("status")} after 60 s");
            await Task.Delay(200);
        }
    }
}
