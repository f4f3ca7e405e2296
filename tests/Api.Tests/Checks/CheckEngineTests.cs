using System.Text.Json;
using DqPlatform.GraphQL.Relay;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using DqPlatform.Domain.Events;

namespace DqPlatform.Api.Tests.Checks;

/// <summary>Checks run end to end: GraphQL → jobs row → Hangfire worker → sensor on a real source → result and incident.</summary>
[Collection(HangfireServersCollection.Name)]
public sealed class CheckEngineTests(CheckEngineFactory api) : IClassFixture<CheckEngineFactory>, IAsyncLifetime
{
    private TestTenant _tenant = null!;
    private GraphQLClient _client = null!;
    private string _connectionId = "";

    public async Task InitializeAsync()
    {
        _tenant = await TestTenant.CreateAsync(api);
        _client = api.GraphQL(_tenant.ApiKey);
        var created = await _client.DataAsync(
            "mutation($config: JSON!) { createConnection(input: {name: \"source\", type: POSTGRESQL, config: $config}) { id } }",
            new { config = api.SourceConfig() });
        _connectionId = created.GetProperty("createConnection").GetProperty("id").GetString()!;
        var tested = (await _client.DataAsync($"mutation {{ testConnection(id: \"{_connectionId}\") {{ status lastTestedAt lastError }} }}")).GetProperty("testConnection");
        Assert.Equal("HEALTHY", tested.GetProperty("status").GetString());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static Guid IdOf(string globalId) => GlobalId.TryDecode(globalId, out _, out Guid id) ? id : throw new ArgumentException(globalId);

    private async Task<string> CreateCheckAsync(string name, string type, string? column, string config, string severity = "ERROR")
    {
        var data = await _client.DataAsync(
            "mutation($c: ID!, $n: String!, $t: String!, $col: String, $cfg: JSON!, $s: CheckSeverity!) { createCheck(input: {connectionId: $c, name: $n, checkType: $t, targetTable: \"orders\", targetColumn: $col, config: $cfg, severity: $s}) { id } }",
            new { c = _connectionId, n = name, t = type, col = column, cfg = JsonSerializer.Deserialize<JsonElement>(config), s = severity });
        return data.GetProperty("createCheck").GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> RunAndWaitAsync(string checkId)
    {
        var job = (await _client.DataAsync($"mutation {{ runCheck(id: \"{checkId}\") {{ id status triggeredBy }} }}")).GetProperty("runCheck");
        Assert.Equal("API", job.GetProperty("triggeredBy").GetString());
        return await WaitForJobAsync(job.GetProperty("id").GetString()!, "COMPLETED", "FAILED");
    }

    private async Task<JsonElement> WaitForJobAsync(string jobId, params string[] states)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var job = (await _client.DataAsync($"{{ node(id: \"{jobId}\") {{ ... on Job {{ id status errorMessage startedAt completedAt result {{ sensorValue rulePassed severity errorMessage executionTimeMs }} }} }} }}")).GetProperty("node");
            if (states.Contains(job.GetProperty("status").GetString()))
            {
                return job;
            }

            if (DateTime.UtcNow > deadline)
            {
                await using var c2 = new NpgsqlConnection(api.Database.ConnectionString);
                await c2.OpenAsync();
                await using var q = new NpgsqlCommand("SELECT string_agg(x, '; ') FROM (SELECT statename || ' ' || count(*) AS x FROM hangfire.job GROUP BY statename UNION ALL SELECT 'server ' || id FROM hangfire.server UNION ALL SELECT 'queue ' || queue || ' fetched=' || (fetchedat IS NOT NULL) || ' ' || count(*) FROM hangfire.jobqueue GROUP BY queue, fetchedat IS NOT NULL) s", c2);
                Assert.Fail($"job {jobId} still {job.GetProperty("status")} after 60 s: " + await q.ExecuteScalarAsync());
            }

            await Task.Delay(200);
        }
    }

    private async Task<JsonElement?> ActiveIncidentAsync(string checkId)
    {
        var incident = (await _client.DataAsync($"{{ node(id: \"{checkId}\") {{ ... on CheckDefinition {{ activeIncident {{ id status severity failureCount acknowledgedByName resolutionNotes }} }} }} }}"))
            .GetProperty("node").GetProperty("activeIncident");
        return incident.ValueKind == JsonValueKind.Null ? null : incident;
    }

    [Fact]
    public async Task RunCheck_WhenCheckPasses_StoresMeasuredValueAndOpensNothing()
    {
        var check = await CreateCheckAsync("orders exist", "row_count", null, """{"min": 100}""");
        var job = await RunAndWaitAsync(check);
        Assert.Equal("COMPLETED", job.GetProperty("status").GetString());
        var result = job.GetProperty("result");
        Assert.Equal("200", result.GetProperty("sensorValue").GetString());
        Assert.True(result.GetProperty("rulePassed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("severity").ValueKind);
        Assert.Null(await ActiveIncidentAsync(check));
    }

    [Fact]
    public async Task RunCheck_WhenFailingRepeatedly_GroupsIntoOneIncidentWithWorstSeverityResolvedAfterPasses()
    {
        var check = await CreateCheckAsync("emails present", "null_count", "customer_email", """{"max": 0}""", "WARNING");
        var first = await RunAndWaitAsync(check);
        Assert.Equal("20", first.GetProperty("result").GetProperty("sensorValue").GetString());
        Assert.Equal("WARNING", first.GetProperty("result").GetProperty("severity").GetString());
        var incident = (await ActiveIncidentAsync(check))!.Value;
        Assert.Equal(("OPEN", "WARNING", 1), (incident.GetProperty("status").GetString(), incident.GetProperty("severity").GetString(), incident.GetProperty("failureCount").GetInt32()));

        await _client.DataAsync($"mutation {{ updateCheck(input: {{id: \"{check}\", severity: FATAL}}) {{ id }} }}");
        await RunAndWaitAsync(check);
        await _client.DataAsync($"mutation {{ updateCheck(input: {{id: \"{check}\", severity: WARNING}}) {{ id }} }}");
        await RunAndWaitAsync(check);
        var grouped = (await ActiveIncidentAsync(check))!.Value;
        Assert.Equal(incident.GetProperty("id").GetString(), grouped.GetProperty("id").GetString());
        Assert.Equal(("FATAL", 3), (grouped.GetProperty("severity").GetString(), grouped.GetProperty("failureCount").GetInt32()));

        // Two passing runs (Dqp:Checks:PassesToResolve = 2) close it; one is not enough.
        await _client.DataAsync($"mutation {{ updateCheck(input: {{id: \"{check}\", config: {{max: 50}}}}) {{ id }} }}");
        await RunAndWaitAsync(check);
        Assert.NotNull(await ActiveIncidentAsync(check));
        await RunAndWaitAsync(check);
        Assert.Null(await ActiveIncidentAsync(check));
        await using var db = api.Database.CreateDqContext();
        var resolved = await db.Incidents.AsNoTracking().SingleAsync(i => i.Id == IdOf(grouped.GetProperty("id").GetString()!));
        Assert.Contains("2 consecutive passing runs", resolved.ResolutionNotes, StringComparison.Ordinal);
        Assert.NotNull(resolved.ResolvedAt);
    }

    [Fact]
    public async Task RunCheck_WhenFinished_AnnouncesResultJobAndIncidentOnEventBus()
    {
        var heard = new System.Collections.Concurrent.ConcurrentQueue<DqPlatform.Domain.Events.DqEvent>();
        using var listening = api.Services.GetRequiredService<DqPlatform.Domain.Events.IEventBus>().Listen(heard.Enqueue);
        var check = await CreateCheckAsync("announced", "row_count", null, """{"max": 1}""", "FATAL");
        await RunAndWaitAsync(check);
        var checkId = IdOf(check);
        // The worker announces right after it commits, so the events may trail the job row by a moment.
        for (var i = 0; i < 50 && heard.Count(e => e is DqPlatform.Domain.Events.IncidentChanged c && c.CheckId == checkId) == 0; i++)
        {
            await Task.Delay(100);
        }

        var mine = heard.Where(e => e.WorkspaceId == _tenant.WorkspaceId).ToList();
        var result = Assert.Single(mine.OfType<DqPlatform.Domain.Events.CheckResultAdded>(), e => e.CheckId == checkId);
        Assert.Equal((false, 200m), (result.Passed, result.SensorValue));
        var incident = Assert.Single(mine.OfType<DqPlatform.Domain.Events.IncidentChanged>(), e => e.CheckId == checkId);
        Assert.Equal((DqPlatform.Domain.Events.IncidentChangeKind.Created, DqPlatform.Domain.Checks.CheckSeverity.Fatal), (incident.Change, incident.Severity));
        Assert.Single(mine.OfType<DqPlatform.Domain.Events.JobStatusChanged>(), e => e.CheckId == checkId);

        await _client.DataAsync($"mutation {{ acknowledgeIncident(id: \"{GlobalId.Encode("Incident", incident.IncidentId)}\") {{ status }} }}");
        Assert.Contains(heard.OfType<DqPlatform.Domain.Events.IncidentChanged>(), e => e.IncidentId == incident.IncidentId && e.Change == DqPlatform.Domain.Events.IncidentChangeKind.Acknowledged);
    }

    [Fact]
    public async Task RunCheck_WithConcurrentFailures_NeverOpensTwoIncidents()
    {
        var check = await CreateCheckAsync("amount never large", "max_value", "amount", """{"max": 10}""");
        var jobs = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => _client.DataAsync($"mutation {{ runCheck(id: \"{check}\") {{ id }} }}")));
        foreach (var job in jobs)
        {
            await WaitForJobAsync(job.GetProperty("runCheck").GetProperty("id").GetString()!, "COMPLETED");
        }

        await using var db = api.Database.CreateDqContext();
        var checkId = IdOf(check);
        var incidents = await db.Incidents.AsNoTracking().Where(i => i.CheckId == checkId).ToListAsync();
        Assert.Single(incidents);
        Assert.Equal(12, incidents[0].FailureCount);
    }

    [Fact]
    public async Task AcknowledgeAndResolveIncident_WithNotes_NextFailureOpensNewIncident()
    {
        var check = await CreateCheckAsync("tiny table", "row_count", null, """{"max": 5}""", "ERROR");
        await RunAndWaitAsync(check);
        var incidentId = (await ActiveIncidentAsync(check))!.Value.GetProperty("id").GetString()!;

        var acked = (await _client.DataAsync($"mutation {{ acknowledgeIncident(id: \"{incidentId}\", notes: \"looking\") {{ status acknowledgedBy {{ __typename displayName }} acknowledgedByName resolutionNotes }} }}")).GetProperty("acknowledgeIncident");
        Assert.Equal("ACKNOWLEDGED", acked.GetProperty("status").GetString());
        Assert.Equal("ApiKey", acked.GetProperty("acknowledgedBy").GetProperty("__typename").GetString());
        Assert.StartsWith("test (", acked.GetProperty("acknowledgedByName").GetString(), StringComparison.Ordinal);
        Assert.Equal(acked.GetProperty("acknowledgedByName").GetString(), acked.GetProperty("acknowledgedBy").GetProperty("displayName").GetString());
        Assert.Equal("CONFLICT", await _client.ErrorCodeAsync($"mutation {{ acknowledgeIncident(id: \"{incidentId}\") {{ status }} }}"));

        // Failures while acknowledged keep counting on the same incident.
        await RunAndWaitAsync(check);
        Assert.Equal(2, (await ActiveIncidentAsync(check))!.Value.GetProperty("failureCount").GetInt32());

        var resolved = (await _client.DataAsync($"mutation {{ resolveIncident(id: \"{incidentId}\", notes: \"threshold was wrong\") {{ status resolvedAt resolutionNotes }} }}")).GetProperty("resolveIncident");
        Assert.Equal("RESOLVED", resolved.GetProperty("status").GetString());
        Assert.Contains("threshold was wrong", resolved.GetProperty("resolutionNotes").GetString(), StringComparison.Ordinal);
        Assert.Equal("CONFLICT", await _client.ErrorCodeAsync($"mutation {{ resolveIncident(id: \"{incidentId}\") {{ status }} }}"));

        await RunAndWaitAsync(check);
        var next = (await ActiveIncidentAsync(check))!.Value;
        Assert.NotEqual(incidentId, next.GetProperty("id").GetString());
        Assert.Equal(1, next.GetProperty("failureCount").GetInt32());
    }

    [Fact]
    public async Task RunCheck_WhenSensorCannotRun_FailsJobWithReasonAndCountsAsFailure()
    {
        var check = await CreateCheckAsync("amount present", "null_count", "amount", """{"max": 0}""");
        await api.ExecuteOnSourceAsync("ALTER TABLE orders RENAME COLUMN amount TO amount_renamed");
        try
        {
            var job = await RunAndWaitAsync(check);
            Assert.Equal("FAILED", job.GetProperty("status").GetString());
            Assert.Contains("\"amount\" does not exist", job.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
            Assert.False(job.GetProperty("result").GetProperty("rulePassed").GetBoolean());
            Assert.NotNull(await ActiveIncidentAsync(check));
        }
        finally
        {
            await api.ExecuteOnSourceAsync("ALTER TABLE orders RENAME COLUMN amount_renamed TO amount");
        }
    }

    [Fact]
    public async Task CancelJob_WhileRunning_StopsQueryOnSourceAndStoresNothing()
    {
        var check = await CreateCheckAsync("slow", "custom_sql", null, """{"sql": "SELECT 1 FROM pg_sleep(4)", "max": 5}""");
        var jobId = (await _client.DataAsync($"mutation {{ runCheck(id: \"{check}\") {{ id }} }}")).GetProperty("runCheck").GetProperty("id").GetString()!;
        await WaitForJobAsync(jobId, "RUNNING");
        await Task.Delay(500);
        var cancelled = (await _client.DataAsync($"mutation {{ cancelJob(id: \"{jobId}\") {{ status }} }}")).GetProperty("cancelJob");
        Assert.Equal("CANCELLED", cancelled.GetProperty("status").GetString());

        await using var source = new NpgsqlConnection(api.SourceConnectionString);
        await source.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(3);
        long sleeping;
        do
        {
            await Task.Delay(200);
            await using var probe = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(4)%' AND pid <> pg_backend_pid() AND state = 'active'", source);
            sleeping = (long)(await probe.ExecuteScalarAsync())!;
        }
        while (sleeping > 0 && DateTime.UtcNow < deadline);
        Assert.Equal(0, sleeping);

        await Task.Delay(1000);
        var job = await WaitForJobAsync(jobId, "CANCELLED");
        Assert.Equal(JsonValueKind.Null, job.GetProperty("result").ValueKind);
        Assert.Equal("CONFLICT", await _client.ErrorCodeAsync($"mutation {{ cancelJob(id: \"{jobId}\") {{ status }} }}"));
    }

    [Fact]
    public async Task RunChecks_ByTag_QueuesOnlyEnabledMatchingChecks()
    {
        var tagged = await CreateCheckAsync("tagged", "row_count", null, """{"min": 1}""");
        var disabled = await CreateCheckAsync("tagged but off", "row_count", null, """{"min": 1}""");
        await _client.DataAsync($"mutation {{ a: updateCheck(input: {{id: \"{tagged}\", tags: [\"nightly\"]}}) {{ id }} b: updateCheck(input: {{id: \"{disabled}\", tags: [\"nightly\"], enabled: false}}) {{ id }} }}");
        var jobs = (await _client.DataAsync("mutation { runChecks(input: {tag: \"nightly\"}) { id check { id } } }")).GetProperty("runChecks");
        Assert.Equal([tagged], jobs.EnumerateArray().Select(j => j.GetProperty("check").GetProperty("id").GetString()));
        Assert.Equal("VALIDATION", await _client.ErrorCodeAsync("mutation { runChecks(input: {}) { id } }"));
        Assert.Equal("VALIDATION", await _client.ErrorCodeAsync($"mutation {{ runCheck(id: \"{disabled}\") {{ id }} }}"));
    }

    [Fact]
    public async Task CreateCheck_AgainstSourceSchema_VerifiesTargetTableAndColumn()
    {
        var (_, body) = await _client.SendAsync(
            $"mutation {{ createCheck(input: {{connectionId: \"{_connectionId}\", name: \"ghost\", checkType: \"row_count\", targetTable: \"no_such_table\", config: {{min: 1}}}}) {{ id }} }}");
        Assert.Equal("targetTable", body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("field").GetString());
        (_, body) = await _client.SendAsync(
            $"mutation {{ createCheck(input: {{connectionId: \"{_connectionId}\", name: \"ghost col\", checkType: \"null_count\", targetTable: \"orders\", targetColumn: \"nope\", config: {{max: 1}}}}) {{ id }} }}");
        Assert.Equal("targetColumn", body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("field").GetString());

        var tables = (await _client.DataAsync($"{{ node(id: \"{_connectionId}\") {{ ... on Connection {{ tables {{ schema name columns {{ name dataType isNullable }} }} }} }} }}"))
            .GetProperty("node").GetProperty("tables");
        var orders = tables.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "orders");
        Assert.Equal(["id", "customer_email", "amount", "created_at"], orders.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task TestConnection_ForTypeWithoutDriver_AnswersUnsupportedConnector()
    {
        var created = await _client.DataAsync("mutation { createConnection(input: {name: \"bq\", type: BIGQUERY, config: {project: \"p\"}}) { id } }");
        var id = created.GetProperty("createConnection").GetProperty("id").GetString();
        Assert.Equal("UNSUPPORTED_CONNECTOR", await _client.ErrorCodeAsync($"mutation {{ testConnection(id: \"{id}\") {{ status }} }}"));
    }

    [Fact]
    public async Task TestConnection_WithWrongPassword_MarksUnhealthyWithoutShowingPassword()
    {
        var config = JsonSerializer.SerializeToElement(api.SourceConfig());
        var wrong = JsonSerializer.Deserialize<Dictionary<string, object>>(config.GetRawText())!;
        wrong["user"] = "no_such_user";
        wrong["password"] = "N0t-The-Password-42";
        var created = await _client.DataAsync("mutation($cfg: JSON!) { createConnection(input: {name: \"wrong\", type: POSTGRESQL, config: $cfg}) { id } }", new { cfg = wrong });
        var id = created.GetProperty("createConnection").GetProperty("id").GetString();
        var tested = (await _client.DataAsync($"mutation {{ testConnection(id: \"{id}\") {{ status lastError }} }}")).GetProperty("testConnection");
        Assert.Equal("UNHEALTHY", tested.GetProperty("status").GetString());
        Assert.Contains("no_such_user", tested.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("N0t-The-Password-42", tested.ToString(), StringComparison.Ordinal);
    }
}
