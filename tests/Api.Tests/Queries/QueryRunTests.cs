using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DqPlatform.Api.Tests.Checks;
using DqPlatform.Domain.Queries;
using DqPlatform.GraphQL.Relay;
using Npgsql;

namespace DqPlatform.Api.Tests.Queries;

/// <summary>Interactive runs end to end: typed rows, bound parameters, caps, timeouts, cancellation, read-only safety, audit.</summary>
[Collection(HangfireServersCollection.Name)]
public sealed class QueryRunTests(QueryServiceFactory api) : IClassFixture<QueryServiceFactory>, IAsyncLifetime
{
    private TestTenant _tenant = null!;
    private QueryTestClient _queries = null!;

    public async Task InitializeAsync()
    {
        _tenant = await TestTenant.CreateAsync(api);
        _queries = await QueryTestClient.CreateAsync(api.GraphQL(_tenant.ApiKey), api.SourceConfig());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static Guid IdOf(string globalId) => GlobalId.TryDecode(globalId, out _, out Guid id) ? id : throw new ArgumentException(globalId);

    private static object Arg(string name, string? value, string? type = null) => new { name, value, type };

    // The run's status is stored as the source is told to cancel; the backend takes a moment to leave 'active'.
    private async Task<bool> StopsOnTheSourceAsync(string marker)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await SourceScalarAsync($"SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%{marker}%' AND state = 'active' AND pid <> pg_backend_pid()") > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }

    private async Task<long> SourceScalarAsync(string sql)
    {
        await using var source = new NpgsqlConnection(api.SourceConnectionString);
        await source.OpenAsync();
        await using var command = new NpgsqlCommand(sql, source);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task RunQuery_Interactive_AnswersTypedRowsAndStoresHashAndOneAuditRowPerTable()
    {
        const string sql = "SELECT id, customer_email, amount, created_at FROM orders WHERE id <= :last ORDER BY id";
        var payload = await _queries.RunAsync(sql, [Arg("last", "3", "INTEGER")]);

        Assert.Equal(["id", "customer_email", "amount", "created_at"], payload.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal("integer", payload.GetProperty("columns")[0].GetProperty("sourceType").GetString());
        var rows = payload.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(2, rows[1][0].GetInt32());
        Assert.Equal("user2@example.com", rows[1][1].GetString());
        Assert.Equal(3.0m, rows[1][2].GetDecimal());
        Assert.True(DateTimeOffset.TryParse(rows[1][3].GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out _));
        Assert.False(payload.GetProperty("truncated").GetBoolean());

        var result = payload.GetProperty("result");
        Assert.Equal(("INTERACTIVE", "SUCCEEDED", 3), (result.GetProperty("mode").GetString(), result.GetProperty("status").GetString(), result.GetProperty("rowCount").GetInt32()));
        Assert.Equal(QueryFingerprint.Of(sql), result.GetProperty("sqlHash").GetString());
        var audit = Assert.Single(result.GetProperty("audit").EnumerateArray());
        Assert.Equal(DatasetIds.For(IdOf(_queries.ConnectionId), "public", "orders"), audit.GetProperty("datasetId").GetGuid());
        Assert.Equal(["amount", "created_at", "customer_email", "id"], audit.GetProperty("columnsAccessed").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(3, audit.GetProperty("resultRowCount").GetInt32());
        Assert.Equal(result.GetProperty("id").GetString(), audit.GetProperty("queryResultId").GetString());
    }

    [Fact]
    public async Task RunQuery_WithJoin_AuditsOncePerTableWithColumnsReadFromEachEvenThroughFilters()
    {
        var payload = await _queries.RunAsync("""
            SELECT o.id, c.name FROM orders o JOIN customers c ON c.email = o.customer_email WHERE c.vip AND o.amount > 10
            """);
        var audit = payload.GetProperty("result").GetProperty("audit").EnumerateArray()
            .ToDictionary(a => a.GetProperty("datasetId").GetGuid(), a => a.GetProperty("columnsAccessed").EnumerateArray().Select(c => c.GetString()).ToList());
        var connection = IdOf(_queries.ConnectionId);
        Assert.Equal(2, audit.Count);
        Assert.Equal(["amount", "customer_email", "id"], audit[DatasetIds.For(connection, "public", "orders")]);
        Assert.Equal(["email", "name", "vip"], audit[DatasetIds.For(connection, "public", "customers")]);
    }

    [Fact]
    public async Task RunQuery_PastRowCap_CutsAndFlagsWithoutReadingTheRest()
    {
        var payload = await _queries.RunAsync("SELECT g FROM generate_series(1, 20000000) g", maxRows: 5);
        Assert.True(payload.GetProperty("truncated").GetBoolean());
        Assert.Equal([1, 2, 3, 4, 5], payload.GetProperty("rows").EnumerateArray().Select(r => r[0].GetInt32()));
        Assert.Equal(("SUCCEEDED", 5), (payload.GetProperty("result").GetProperty("status").GetString(), payload.GetProperty("result").GetProperty("rowCount").GetInt32()));

        Assert.Equal("VALIDATION", await _queries.GraphQL.ErrorCodeAsync(
            "mutation($input: RunQueryInput!) { runQuery(input: $input) { truncated } }",
            new { input = QueryTestClient.Input(_queries.ConnectionId, "SELECT 1", maxRows: 10_001) }));
    }

    [Fact]
    public async Task RunQuery_PastItsTimeout_FailsWithTimeoutAndIsStoppedOnSource()
    {
        var payload = await _queries.RunAsync("SELECT pg_sleep(30) AS slept", timeoutSeconds: 1);
        var result = payload.GetProperty("result");
        Assert.Equal(("FAILED", "TIMEOUT"), (result.GetProperty("status").GetString(), result.GetProperty("errorCode").GetString()));
        Assert.Empty(payload.GetProperty("rows").EnumerateArray());
        Assert.True(await StopsOnTheSourceAsync("pg_sleep(30)"), "the statement still runs on the source 10 s after the run ended");
    }

    [Fact]
    public async Task CancelQuery_ForRunningBatch_StopsStatementOnSource()
    {
        var queued = await _queries.RunAsync("SELECT pg_sleep(45) AS slept", mode: "BATCH", format: "CSV");
        var id = queued.GetProperty("result").GetProperty("id").GetString()!;
        await _queries.WaitAsync(id, "RUNNING");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await SourceScalarAsync("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(45)%' AND state = 'active' AND pid <> pg_backend_pid()") == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the statement never started on the source");
            await Task.Delay(100);
        }

        var cancelled = (await _queries.GraphQL.DataAsync($"mutation {{ cancelQuery(id: \"{id}\") {{ status errorCode }} }}")).GetProperty("cancelQuery");
        Assert.Equal(("FAILED", "CANCELLED"), (cancelled.GetProperty("status").GetString(), cancelled.GetProperty("errorCode").GetString()));

        deadline = DateTime.UtcNow.AddSeconds(10);
        while (await SourceScalarAsync("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(45)%' AND state = 'active' AND pid <> pg_backend_pid()") > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the statement still runs on the source 10 s after cancelQuery");
            await Task.Delay(100);
        }

        await Task.Delay(500);
        var final = await _queries.ResultAsync(id);
        Assert.Equal(("FAILED", "CANCELLED"), (final.GetProperty("status").GetString(), final.GetProperty("errorCode").GetString()));
        Assert.Equal(JsonValueKind.Null, final.GetProperty("outputLocation").ValueKind);
        Assert.Equal("CONFLICT", await _queries.GraphQL.ErrorCodeAsync($"mutation {{ cancelQuery(id: \"{id}\") {{ status }} }}"));
    }

    [Fact]
    public async Task RunQuery_WhenInteractiveCallerGoesAway_IsCancelledOnSource()
    {
        using var http = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = JsonContent.Create(new
            {
                query = "mutation($input: RunQueryInput!) { runQuery(input: $input) { truncated } }",
                variables = new { input = QueryTestClient.Input(_queries.ConnectionId, "SELECT pg_sleep(40) AS abandoned") },
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tenant.ApiKey);
        using var leave = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => http.SendAsync(request, leave.Token));

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            await using var data = api.Database.CreateDataContext();
            var run = data.QueryResults.Where(r => r.WorkspaceId == _tenant.WorkspaceId && r.SqlHash == QueryFingerprint.Of("SELECT pg_sleep(40) AS abandoned")).ToList();
            if (run is [{ Status: "Failed" } failed])
            {
                Assert.Equal("CANCELLED", failed.ErrorCode);
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the abandoned run is still " + string.Join(",", run.Select(r => r.Status)));
            await Task.Delay(200);
        }

        Assert.True(await StopsOnTheSourceAsync("pg_sleep(40)"), "the statement still runs on the source 10 s after the run ended");
    }

    public static TheoryData<string> Writes() =>
    [
        "INSERT INTO orders (id, amount) VALUES (9999, 1)",
        "UPDATE orders SET amount = 0",
        "DELETE FROM orders",
        "WITH gone AS (DELETE FROM orders RETURNING id) SELECT count(*) FROM gone",
        "SELECT 1; DELETE FROM orders",
        "SELECT 1 /* ; */ ; DELETE FROM orders",
        "SELECT '; DELETE FROM orders' AS x; DELETE FROM orders",
        "DROP TABLE orders",
        "TRUNCATE orders",
        "CREATE TABLE copied AS SELECT * FROM orders",
        "SELECT * INTO copied FROM orders",
        "COPY orders TO PROGRAM 'rm -f /tmp/dqp-never'",
        "COPY (SELECT 1) TO '/tmp/dqp-never'",
        "SELECT nextval('order_numbers')",
        "SELECT set_config('default_transaction_read_only', 'off', false)",
        "SELECT lo_import('/etc/hostname')",
        "SELECT pg_terminate_backend(pg_backend_pid())",
        "SELECT pg_read_file('/etc/hostname')",
        "CALL nothing()",
        "BEGIN; DELETE FROM orders; COMMIT",
        "EXPLAIN ANALYZE DELETE FROM orders",
        "SELECT $$x$$; DELETE FROM orders",
        "SELECT E'\\'; DELETE FROM orders; --'",
    ];

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task RunQuery_WithWritingStatement_IsRefusedBeforeItRuns(string sql)
    {
        Assert.Equal("VALIDATION", await _queries.RefusedAsync(sql));
        Assert.Equal(200, await SourceScalarAsync("SELECT count(*) FROM orders"));
    }

    // A function that writes is named by the plan and refused before it runs (VALIDATION); a locking read has no
    // function to name and fails in the read-only transaction (SOURCE_ERROR). Either way nothing changes.
    [Theory]
    [InlineData("SELECT leave_a_mark()", "VALIDATION", "leave_a_mark")]
    [InlineData("WITH marked AS (SELECT leave_a_mark() AS m) SELECT m FROM marked", "VALIDATION", "leave_a_mark")]
    [InlineData("SELECT * FROM orders FOR SHARE", "SOURCE_ERROR", "read-only transaction")]
    public async Task RunQuery_WithWriteHiddenInFunctionOrLock_FailsInReadOnlyTransactionAndChangesNothing(string sql, string code, string said)
    {
        foreach (var mode in new[] { "INTERACTIVE", "BATCH" })
        {
            var payload = await _queries.RunAsync(sql, mode: mode);
            var result = await _queries.WaitAsync(payload.GetProperty("result").GetProperty("id").GetString()!, "SUCCEEDED", "FAILED");
            Assert.Equal(("FAILED", code), (result.GetProperty("status").GetString(), result.GetProperty("errorCode").GetString()));
            Assert.Contains(said, result.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(0, await SourceScalarAsync("SELECT count(*) FROM side_effects"));
    }

    [Fact]
    public async Task RunQuery_WithHostileParameterValues_BindsThemAsValuesNeverAsSql()
    {
        const string sql = "SELECT count(*) AS n, ':email' AS literal, :email AS bound FROM orders WHERE customer_email = :email -- :email in a comment";
        foreach (var hostile in new[] { "x' OR '1'='1", "'; DROP TABLE orders; --", "user1@example.com' --", "$$; DELETE FROM orders; $$" })
        {
            var row = (await _queries.RunAsync(sql, [Arg("email", hostile)])).GetProperty("rows")[0];
            Assert.Equal((0, ":email", hostile), (row[0].GetInt32(), row[1].GetString(), row[2].GetString()));
        }

        var real = (await _queries.RunAsync(sql, [Arg("email", "user1@example.com")])).GetProperty("rows")[0];
        Assert.Equal(1, real[0].GetInt32());
        Assert.Equal(200, await SourceScalarAsync("SELECT count(*) FROM orders"));

        Assert.Equal("VALIDATION", await _queries.RefusedAsync("SELECT * FROM orders WHERE id = :id", [Arg("id", "1 OR 1=1", "INTEGER")]));
        Assert.Equal("VALIDATION", await _queries.RefusedAsync("SELECT * FROM orders WHERE id = :id"));
        Assert.Equal("VALIDATION", await _queries.RefusedAsync("SELECT 1", [Arg("id", "1", "INTEGER")]));
        var nothing = await _queries.RunAsync("SELECT :maybe::int IS NULL AS is_null", [Arg("maybe", null, "INTEGER")]);
        Assert.True(nothing.GetProperty("rows")[0][0].GetBoolean());
    }

    [Fact]
    public async Task CreateSavedQuery_WithTypedParameters_ChecksThemAgainstSqlAndRunsWithDefaults()
    {
        async Task<string?> SaveAsync(string sql, object[] parameters) => await _queries.GraphQL.ErrorCodeAsync(
            "mutation($q: String!, $p: [QueryParameterInput!]) { createSavedQuery(input: {name: \"bad\", query: $q, parameters: $p}) { id } }", new { q = sql, p = parameters });

        Assert.Equal("VALIDATION", await SaveAsync("SELECT * FROM orders WHERE id < :limit", []));
        Assert.Equal("VALIDATION", await SaveAsync("SELECT 1", [new { name = "limit", type = "INTEGER" }]));
        Assert.Equal("VALIDATION", await SaveAsync("SELECT :limit", [new { name = "limit", type = "INTEGER", defaultValue = "ten" }]));
        Assert.Equal("VALIDATION", await SaveAsync("SELECT :a", [new { name = "a", type = "STRING" }, new { name = "a", type = "STRING" }]));
        Assert.Equal("VALIDATION", await SaveAsync("DELETE FROM orders", []));

        var saved = (await _queries.GraphQL.DataAsync(
            "mutation($p: [QueryParameterInput!]) { createSavedQuery(input: {name: \"recent\", visibility: SHARED, query: \"SELECT id FROM orders WHERE id <= :upto AND created_at <= :before ORDER BY id\", parameters: $p}) { id parameters { name type defaultValue required } } }",
            new { p = new object[] { new { name = "upto", type = "INTEGER", defaultValue = "2" }, new { name = "before", type = "TIMESTAMP", required = true } } }))
            .GetProperty("createSavedQuery");
        Assert.Equal("TIMESTAMP", saved.GetProperty("parameters")[1].GetProperty("type").GetString());
        var id = saved.GetProperty("id").GetString()!;

        async Task<JsonElement> RunSavedAsync(object[] parameters) =>
            await _queries.GraphQL.SendAsync(
                $"mutation($p: [QueryArgumentInput!]) {{ runQuery(input: {{connectionId: \"{_queries.ConnectionId}\", savedQueryId: \"{id}\", parameters: $p}}) {{ rows result {{ status savedQuery {{ id }} }} }} }}",
                new { p = parameters }).ContinueWith(t => t.Result.Body);

        var missing = await RunSavedAsync([]);
        Assert.Equal("VALIDATION", missing.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        var ran = (await RunSavedAsync([Arg("before", DateTimeOffset.UtcNow.AddDays(1).ToString("O"))])).GetProperty("data").GetProperty("runQuery");
        Assert.Equal([1, 2], ran.GetProperty("rows").EnumerateArray().Select(r => r[0].GetInt32()));
        Assert.Equal(id, ran.GetProperty("result").GetProperty("savedQuery").GetProperty("id").GetString());

        // A private query of another key of the workspace is neither visible nor runnable.
        var other = await TestTenant.CreateAsync(api);
        var stranger = api.GraphQL(other.ApiKey);
        Assert.Equal("NOT_FOUND", await stranger.ErrorCodeAsync(
            $"mutation {{ runQuery(input: {{connectionId: \"{_queries.ConnectionId}\", savedQueryId: \"{id}\"}}) {{ truncated }} }}"));
    }

    [Fact]
    public async Task RunQuery_WithoutRunScopeOrFromOtherTenant_IsRefused()
    {
        var reader = await TestTenant.CreateAsync(api, "read");
        Assert.Equal("FORBIDDEN", await api.GraphQL(reader.ApiKey).ErrorCodeAsync(
            "mutation($input: RunQueryInput!) { runQuery(input: $input) { truncated } }", new { input = QueryTestClient.Input(_queries.ConnectionId, "SELECT 1") }));
        var other = await TestTenant.CreateAsync(api);
        Assert.Equal("NOT_FOUND", await api.GraphQL(other.ApiKey).ErrorCodeAsync(
            "mutation($input: RunQueryInput!) { runQuery(input: $input) { truncated } }", new { input = QueryTestClient.Input(_queries.ConnectionId, "SELECT 1") }));
        var mine = await _queries.RunAsync("SELECT 1 AS one");
        Assert.Equal("NOT_FOUND", await api.GraphQL(other.ApiKey).ErrorCodeAsync(
            $"mutation {{ cancelQuery(id: \"{mine.GetProperty("result").GetProperty("id").GetString()}\") {{ status }} }}"));
    }

    // Issue 25, finding 4: the 8 MiB cap counted an array as 8 bytes an element and checked only between rows, so
    // 20 MB came back untruncated. Rows are now counted whole, by what they hold, before they join the answer.
    [Theory]
    [InlineData("select array[repeat('x', 1000000)] as a from generate_series(1, 20)", 8)]
    [InlineData("select repeat('x', 30000000) as wide", 0)]
    public async Task RunQuery_WithOversizeRows_InteractiveCapCountsRealBytesAndCutsThem(string sql, int atMostRows)
    {
        var payload = await _queries.RunAsync(sql);
        Assert.Equal("SUCCEEDED", payload.GetProperty("result").GetProperty("status").GetString());
        Assert.True(payload.GetProperty("truncated").GetBoolean());
        Assert.InRange(payload.GetProperty("rows").GetArrayLength(), 0, atMostRows);
        Assert.InRange(payload.GetRawText().Length, 0, 9 << 20);

        using var http = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/task/query")
        {
            Content = JsonContent.Create(new { task_id = Guid.NewGuid(), connection_id = IdOf(_queries.ConnectionId), sql }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tenant.ApiKey);
        var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(body.Length, 0, 9 << 20);
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task TaskQueryEndpoint_UnderTheSameRules_RunsAndAuditsWithTaskId()
    {
        using var http = api.CreateClient();
        var taskId = Guid.NewGuid();
        async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(object body, string? key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/task/query") { Content = JsonContent.Create(body) };
            if (key is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }

            var response = await http.SendAsync(request);
            return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
        }

        var connection = IdOf(_queries.ConnectionId);
        var (status, body) = await PostAsync(new
        {
            task_id = taskId,
            connection_id = connection,
            sql = "SELECT id, amount FROM orders WHERE id <= :n ORDER BY id",
            parameters = new object[] { new { name = "n", type = "integer", value = 4 } },
            max_rows = 3,
        }, _tenant.ApiKey);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("Succeeded", 3, true), (body.GetProperty("status").GetString(), body.GetProperty("row_count").GetInt32(), body.GetProperty("truncated").GetBoolean()));
        Assert.Equal(1.5m, body.GetProperty("rows")[0][1].GetDecimal());

        await using (var data = api.Database.CreateDataContext())
        {
            var audit = Assert.Single(data.QueryAudit.Where(a => a.TaskId == taskId).ToList());
            Assert.Equal(DatasetIds.For(connection, "public", "orders"), audit.DatasetId);
            Assert.Equal(_tenant.OrganizationId, audit.OrgId);
            Assert.Equal(body.GetProperty("query_id").GetGuid(), audit.QueryResultId);
        }

        var refused = await PostAsync(new { task_id = taskId, connection_id = connection, sql = "DELETE FROM orders" }, _tenant.ApiKey);
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION"), (refused.Status, refused.Body.GetProperty("error").GetProperty("code").GetString()));
        // The plan names a volatile function: the run is stored as failed before it runs anything.
        var failed = await PostAsync(new { task_id = taskId, connection_id = connection, sql = "SELECT leave_a_mark()" }, _tenant.ApiKey);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "VALIDATION"), (failed.Status, failed.Body.GetProperty("error").GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(new { task_id = taskId, connection_id = connection, sql = "SELECT 1" }, null)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(new { connection_id = connection, sql = "SELECT 1" }, _tenant.ApiKey)).Status);
        var nameless = await PostAsync(new { task_id = taskId, connection_id = connection, sql = "SELECT :n", parameters = new object?[] { new { value = 1 }, null } }, _tenant.ApiKey);
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION"), (nameless.Status, nameless.Body.GetProperty("error").GetProperty("code").GetString()));
        Assert.Equal(200, await SourceScalarAsync("SELECT count(*) FROM orders"));
    }
}
