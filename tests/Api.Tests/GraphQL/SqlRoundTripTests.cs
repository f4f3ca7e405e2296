using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace DqPlatform.Api.Tests.GraphQL;

/// <summary>
/// Nested fields load through batch loaders: the number of SQL commands of a dashboard request is a small constant,
/// the same for 10 rows as for 100. Commands are counted from Npgsql's own tracing, per request trace id.
/// </summary>
public sealed class SqlRoundTripTests(SqlRoundTripTests.StatementsFactory api) : IClassFixture<SqlRoundTripTests.StatementsFactory>, IAsyncLifetime, IDisposable
{
    private readonly ConcurrentDictionary<ActivityTraceId, int> _commands = new();
    private readonly ConcurrentDictionary<ActivityTraceId, ConcurrentQueue<string>> _statements = new();
    /// <summary>
    /// The API with its telemetry off: the telemetry's processor strips statement text from Npgsql's activities
    /// before this class's listener would read it.
    /// </summary>
    public sealed class StatementsFactory : DqApiFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Dqp:Telemetry:Enabled", "false");
        }
    }

    private ActivityListener? _listener;
    private TestTenant _tenant = null!;

    public async Task InitializeAsync()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Npgsql" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.Source.Name == "Npgsql")
                {
                    var text = a.TagObjects.FirstOrDefault(t => t.Key is "db.query.text" or "db.statement").Value as string;
                    // The key's status is re-read every few seconds (and last_used_at written once a minute): when that
                    // falls inside the measured request it is the authenticator's work, not the page's.
                    if (text is not null && text.Contains("api_keys", StringComparison.Ordinal))
                    {
                        return;
                    }

                    _commands.AddOrUpdate(a.TraceId, 1, (_, n) => n + 1);
                    _statements.GetOrAdd(a.TraceId, _ => new ConcurrentQueue<string>()).Enqueue(text ?? "");
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
        _tenant = await TestTenant.CreateAsync(api);
        await GraphSeed.ChecksWithIncidentsAsync(api, _tenant, 150);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _listener?.Dispose();

    [Fact]
    public async Task OpenIncidentsWithCheckAndConnection_CostTheSameForTenAndHundredRows()
    {
        const string query = """
            query($n: Int) { incidents(first: $n, where: {status: {in: [OPEN, ACKNOWLEDGED]}}, order: [{severity: DESC}, {firstSeen: DESC}]) {
              nodes { id severity failureCount firstSeen lastSeen check { name targetTable connection { name } } } } }
            """;
        var ten = await CommandsAsync(query, 10, "incidents");
        var hundred = await CommandsAsync(query, 100, "incidents");

        Assert.Equal(ten, hundred);
        Assert.Equal(1, hundred); // the page, with check and connection preloaded in the same statement
    }

    [Fact]
    public async Task NestedFieldsBehindFragments_FallBackToBatchLoaders_StillConstant()
    {
        const string query = """
            query($n: Int) { incidents(first: $n, where: {status: {in: [OPEN, ACKNOWLEDGED]}}) {
              nodes { id ... on Incident { check { name connection { name } } } } } }
            """;
        var ten = await CommandsAsync(query, 10, "incidents");
        var hundred = await CommandsAsync(query, 100, "incidents");

        Assert.Equal(ten, hundred);
        Assert.Equal(3, hundred); // incidents page, their checks, the checks' connections
    }

    [Fact]
    public async Task PreloadedCheckAndConnection_AreTheRowsTheBatchLoadersFind()
    {
        var nodes = await PreloadedEqualsLoadedAsync("incidents(first: 100, where: {status: {in: [OPEN, ACKNOWLEDGED]}})", "Incident",
            "id checkId: check { id name targetTable severity enabled tags createdAt connection { id name type status createdAt } }");

        Assert.All(nodes, n => Assert.StartsWith("warehouse-", n.GetProperty("checkId").GetProperty("connection").GetProperty("name").GetString()));
    }

    [Fact]
    public async Task PreloadedLatestResults_AreTheRowsTheBatchLoaderFinds()
    {
        const string fields = "id name latestResult { id executedAt rulePassed sensorValue severity errorMessage executionTimeMs }";
        var nodes = await PreloadedEqualsLoadedAsync("checkDefinitions(first: 100)", "CheckDefinition", fields);

        Assert.All(nodes, n => Assert.Equal(JsonValueKind.Object, n.GetProperty("latestResult").ValueKind));

        // A lateral lookup per row of the page, not a numbering of every stored result (EF Core's other translation).
        var sql = await PageStatementAsync($$$"""{ checkDefinitions(first: 10) { nodes { {{{fields}}} } } }""", "dq.check_results");
        Assert.Contains("LEFT JOIN LATERAL", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("ROW_NUMBER", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LatestResultLookup_ReadsOnlyTheColumnsItsFieldsNeed()
    {
        var sql = await PageStatementAsync("{ checkDefinitions(first: 10) { nodes { name latestResult { rulePassed sensorValue } } } }", "dq.check_results");

        Assert.Contains("rule_passed", sql, StringComparison.Ordinal);
        Assert.Contains("sensor_value", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("error_message", sql, StringComparison.Ordinal); // the result's, not selected
        Assert.DoesNotContain("execution_time_ms", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("description", sql, StringComparison.Ordinal); // the check's, not selected
        Assert.DoesNotContain("updated_at", sql, StringComparison.Ordinal); // sortable, not in the order (name, id)

        var nodes = await PreloadedEqualsLoadedAsync("checkDefinitions(first: 100)", "CheckDefinition", "name latestResult { rulePassed sensorValue }");
        Assert.All(nodes, n => Assert.Equal(JsonValueKind.Object, n.GetProperty("latestResult").ValueKind));
    }

    [Fact]
    public async Task EnumSetsAndPageSizes_AreWrittenIntoTheStatement_OneStatementPerSet()
    {
        // Enum sets are inlined so PostgreSQL can use the partial index in a cached plan; the same set in another
        // order or with repeats must be the same statement (a bounded number of statements), and give the same rows.
        var (first, firstIds) = await StatementAsync("[OPEN, ACKNOWLEDGED]");
        var (second, secondIds) = await StatementAsync("[ACKNOWLEDGED, OPEN, OPEN]");

        Assert.Contains("IN ('open'::dq.incident_status, 'acknowledged'::dq.incident_status)", first, StringComparison.Ordinal);
        Assert.Contains("LIMIT 51", first, StringComparison.Ordinal);
        Assert.Equal(first, second);
        Assert.Equal(50, firstIds.Count);
        Assert.Equal(firstIds, secondIds);
    }

    [Fact]
    public async Task DashboardPage_ReadsOnlyTheColumnsItsFieldsNeed()
    {
        const string query = """
            { incidents(first: 10, where: {status: {in: [OPEN, ACKNOWLEDGED]}}) {
                nodes { id failureCount check { name connection { name } } } } }
            """;
        var sql = await PageStatementAsync(query);

        Assert.Contains("failure_count", sql, StringComparison.Ordinal);
        Assert.Contains("first_seen", sql, StringComparison.Ordinal); // in the default order, so cursors carry it
        Assert.DoesNotContain("last_seen", sql, StringComparison.Ordinal); // sortable, but neither selected nor in the order
        Assert.DoesNotContain("created_at", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("resolution_notes", sql, StringComparison.Ordinal); // never selected
        Assert.DoesNotContain("target_table", sql, StringComparison.Ordinal); // the check's, not selected
        Assert.DoesNotContain("config", sql, StringComparison.Ordinal); // the check's and the connection's
        Assert.DoesNotContain("tags", sql, StringComparison.Ordinal);

        // Behind a fragment the fields are not known here: every column, as before.
        var all = await PageStatementAsync(query.Replace("nodes { id failureCount", "nodes { ... on Incident { id } failureCount", StringComparison.Ordinal));
        Assert.Contains("resolution_notes", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PagesThatSelectNoSortColumn_StillPageByIt()
    {
        // Cursors are made of the sort columns, which the selection (ids only) does not ask for.
        const string page = """
            query($n: Int, $after: String) { incidents(first: $n, after: $after, order: [{failureCount: DESC}, {firstSeen: ASC}]) {
              nodes { id } pageInfo { endCursor } } }
            """;
        var client = api.GraphQL(_tenant.ApiKey);
        var (_, first) = await client.SendAsync(page, new { n = 20 });
        var cursor = first.GetProperty("data").GetProperty("incidents").GetProperty("pageInfo").GetProperty("endCursor").GetString();
        var (_, second) = await client.SendAsync(page, new { n = 20, after = cursor });
        var (_, both) = await client.SendAsync(page, new { n = 40 });

        static IEnumerable<string> Ids(System.Text.Json.JsonElement body) =>
            body.GetProperty("data").GetProperty("incidents").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()!);
        Assert.Equal(Ids(both), Ids(first).Concat(Ids(second)));
        Assert.Equal(40, Ids(both).Distinct().Count());
    }

    /// <summary>
    /// The same page twice: once as the dashboards ask (related rows in the page's own statement), once behind an
    /// inline fragment, which preloads do not look into, so through the batch loaders. Returns the 100 rows.
    /// </summary>
    private async Task<List<JsonElement>> PreloadedEqualsLoadedAsync(string list, string type, string fields)
    {
        var (_, preloaded) = await api.GraphQL(_tenant.ApiKey).SendAsync($$$"""{ {{{list}}} { nodes { {{{fields}}} } } }""");
        var (_, loaded) = await api.GraphQL(_tenant.ApiKey).SendAsync($$$"""{ {{{list}}} { nodes { ... on {{{type}}} { {{{fields}}} } } } }""");

        Assert.False(preloaded.TryGetProperty("errors", out var errors), errors.ToString());
        Assert.Equal(loaded.GetProperty("data").ToString(), preloaded.GetProperty("data").ToString());
        var nodes = preloaded.GetProperty("data").EnumerateObject().Single().Value.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(100, nodes.Count);
        return nodes;
    }

    private async Task<string> PageStatementAsync(string query, string table = "dq.incidents")
    {
        await api.GraphQL(_tenant.ApiKey).SendAsync("{ __typename workspace { name } }");
        var traceId = ActivityTraceId.CreateRandom();
        var (_, body) = await api.GraphQL(_tenant.ApiKey).SendAsync(query, null, $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        Assert.False(body.TryGetProperty("errors", out var errors), errors.ToString());
        await Task.Delay(50);
        return Assert.Single(_statements[traceId], t => t.Contains(table, StringComparison.Ordinal));
    }

    private async Task<(string Sql, List<string> Ids)> StatementAsync(string statuses)
    {
        await api.GraphQL(_tenant.ApiKey).SendAsync("{ __typename workspace { name } }");
        var traceId = ActivityTraceId.CreateRandom();
        var (_, body) = await api.GraphQL(_tenant.ApiKey).SendAsync(
            $"{{ incidents(first: 50, where: {{status: {{in: {statuses}}}}}) {{ nodes {{ id }} }} }}", null, $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        Assert.False(body.TryGetProperty("errors", out var errors), errors.ToString());
        await Task.Delay(50);
        var sql = Assert.Single(_statements[traceId], t => t.Contains("dq.incidents", StringComparison.Ordinal));
        return (sql, body.GetProperty("data").GetProperty("incidents").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()!).ToList());
    }

    [Fact]
    public async Task EnabledChecksWithLatestResult_CostTheSameForTenAndHundredRows()
    {
        const string query = """
            query($n: Int) { checkDefinitions(first: $n, where: {enabled: {eq: true}}) {
              nodes { name targetTable checkType latestResult { executedAt rulePassed sensorValue } } } }
            """;
        var ten = await CommandsAsync(query, 10, "checkDefinitions");
        var hundred = await CommandsAsync(query, 100, "checkDefinitions");

        Assert.Equal(ten, hundred);
        Assert.Equal(1, hundred); // checks page, their latest results joined in the same statement
    }

    [Fact]
    public async Task ResultSeriesOfAPage_CostTheSameForTenAndHundredRows()
    {
        const string query = """
            query($n: Int) { checkDefinitions(first: $n) {
              nodes { name resultSeries(since: "2026-01-01T00:00:00Z", until: "2026-01-02T00:00:00Z", bucket: HOUR) { start count } } } }
            """;
        var ten = await CommandsAsync(query, 10, "checkDefinitions");
        var hundred = await CommandsAsync(query, 100, "checkDefinitions");

        Assert.Equal(ten, hundred);
        Assert.Equal(2, hundred); // the checks page, and one statement for the series of all its checks
    }

    [Fact]
    public async Task DashboardCounts_AreOneStatementPerCountedSet()
    {
        await api.GraphQL(_tenant.ApiKey).SendAsync("{ __typename workspace { name } }");
        var traceId = ActivityTraceId.CreateRandom();
        var (_, body) = await api.GraphQL(_tenant.ApiKey).SendAsync(
            "{ workspace { incidentCounts { total byStatus { count } bySeverity { count } } checkCounts { total byLastOutcome { count } } } }",
            null, $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        Assert.False(body.TryGetProperty("errors", out var errors), errors.ToString());
        await Task.Delay(50);

        Assert.Equal(150, body.GetProperty("data").GetProperty("workspace").GetProperty("incidentCounts").GetProperty("total").GetInt32());
        Assert.Equal(3, _commands[traceId]); // the workspace, its incidents grouped once, its checks grouped once
    }

    private async Task<int> CommandsAsync(string query, int rows, string field)
    {
        // Warm the API-key cache first, so only the request's own queries are counted.
        var tenantKey = _tenant.ApiKey;
        await api.GraphQL(tenantKey).SendAsync("{ __typename workspace { name } }");
        var traceId = ActivityTraceId.CreateRandom();
        var (_, body) = await api.GraphQL(tenantKey).SendAsync(query, new { n = rows }, $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        Assert.False(body.TryGetProperty("errors", out var errors), errors.ToString());
        Assert.Equal(rows, body.GetProperty("data").GetProperty(field).GetProperty("nodes").GetArrayLength());
        await Task.Delay(50);
        return _commands.TryGetValue(traceId, out var n) ? n : 0;
    }
}
