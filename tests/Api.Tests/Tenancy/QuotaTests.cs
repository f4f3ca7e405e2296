using System.Text.Json;
using DqPlatform.Domain.Queries;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Tests.Tenancy;

/// <summary>
/// Each quota tried the way a tenant would break it: up to the limit through the graph, then one more, which answers
/// QUOTA_EXCEEDED (with the quota, its limit and the usage) and leaves no row and no audit entry behind.
/// </summary>
public sealed class QuotaTests(QuotaApiFactory api) : IClassFixture<QuotaApiFactory>
{
    private const string CreateConnection = "mutation($n: String!) { createConnection(input: {name: $n, type: POSTGRESQL, config: {host: \"db.internal\", user: \"dq\", password: \"pw\"}}) { id } }";
    private const string CreateCheck = "mutation($c: ID!, $n: String!) { createCheck(input: {connectionId: $c, name: $n, checkType: \"row_count\", targetTable: \"orders\", config: {min: 1}}) { id } }";
    private const string CreateSavedQuery = "mutation($n: String!) { createSavedQuery(input: {name: $n, query: \"SELECT 1 AS one\"}) { id } }";
    private const string CreateKey = "mutation($n: String!) { createApiKey(input: {name: $n, scopes: [\"read\"]}) { key } }";
    private const string RunBatch = "mutation($c: ID!) { runQuery(input: {connectionId: $c, sql: \"SELECT 1 AS one\", mode: BATCH, format: CSV}) { result { id status } } }";

    [Fact]
    public async Task CreateConnection_PastTheQuota_IsRefusedAndChangesNothing()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.GraphQL(tenant.ApiKey);
        for (var i = 0; i < QuotaApiFactory.Connections; i++)
        {
            await client.DataAsync(CreateConnection, new { n = "c" + i });
        }

        var before = await RowsAsync(tenant);
        var error = await RefusedAsync(client, CreateConnection, new { n = "one-too-many" });

        AssertQuotaError(error, "CONNECTIONS", QuotaApiFactory.Connections, QuotaApiFactory.Connections);
        Assert.Equal(before, await RowsAsync(tenant));
    }

    [Fact]
    public async Task CreateCheck_PastTheQuota_IsRefusedAndChangesNothing()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.GraphQL(tenant.ApiKey);
        var connection = await ConnectionAsync(client);
        for (var i = 0; i < QuotaApiFactory.Checks; i++)
        {
            await client.DataAsync(CreateCheck, new { c = connection, n = "check-" + i });
        }

        var before = await RowsAsync(tenant);
        var error = await RefusedAsync(client, CreateCheck, new { c = connection, n = "one-too-many" });

        AssertQuotaError(error, "CHECK_DEFINITIONS", QuotaApiFactory.Checks, QuotaApiFactory.Checks);
        Assert.Equal(before, await RowsAsync(tenant));
    }

    [Fact]
    public async Task CreateSavedQuery_PastTheQuota_IsRefusedAndChangesNothing()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.GraphQL(tenant.ApiKey);
        for (var i = 0; i < QuotaApiFactory.SavedQueries; i++)
        {
            await client.DataAsync(CreateSavedQuery, new { n = "q" + i });
        }

        var before = await RowsAsync(tenant);
        var error = await RefusedAsync(client, CreateSavedQuery, new { n = "one-too-many" });

        AssertQuotaError(error, "SAVED_QUERIES", QuotaApiFactory.SavedQueries, QuotaApiFactory.SavedQueries);
        Assert.Equal(before, await RowsAsync(tenant));
    }

    [Fact]
    public async Task CreateApiKey_PastTheQuota_IsRefused_RotationStillWorks_AndRevokedKeysFreeTheirPlace()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.GraphQL(tenant.ApiKey);
        // The tenant's own key is the first of its quota.
        for (var i = 1; i < QuotaApiFactory.Keys; i++)
        {
            await client.DataAsync(CreateKey, new { n = "k" + i });
        }

        var before = await RowsAsync(tenant);
        var error = await RefusedAsync(client, CreateKey, new { n = "one-too-many" });
        AssertQuotaError(error, "API_KEYS", QuotaApiFactory.Keys, QuotaApiFactory.Keys);
        Assert.Equal(before, await RowsAsync(tenant));

        // Rotation replaces a key (the count stays), and a revoked key no longer counts.
        var keys = (await client.DataAsync("{ apiKeys(where: {name: {eq: \"k1\"}}) { nodes { id } } }")).GetProperty("apiKeys").GetProperty("nodes");
        var rotated = await client.DataAsync("mutation($id: ID!) { rotateApiKey(id: $id) { apiKey { id } } }", new { id = keys[0].GetProperty("id").GetString() });
        await client.DataAsync("mutation($id: ID!) { revokeApiKey(id: $id) { id } }",
            new { id = rotated.GetProperty("rotateApiKey").GetProperty("apiKey").GetProperty("id").GetString() });
        await client.DataAsync(CreateKey, new { n = "in-the-freed-place" });
    }

    [Theory]
    [InlineData("*/1 * * * *", 60)]
    [InlineData("0,1 * * * *", 60)]
    [InlineData("*/2 * * * *", 120)]
    [InlineData("*/10 * * * * *", 10)]
    public async Task Schedule_FiringMoreOftenThanTheIntervalQuota_IsRefusedOnCreateAndUpdate(string cron, long gap)
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.GraphQL(tenant.ApiKey);
        var check = (await client.DataAsync(CreateCheck, new { c = await ConnectionAsync(client), n = "scheduled" })).GetProperty("createCheck").GetProperty("id").GetString();
        var before = await RowsAsync(tenant);

        var refused = await RefusedAsync(client, "mutation($c: ID!, $cron: String!) { createSchedule(input: {checkId: $c, cronExpression: $cron}) { id } }", new { c = check, cron });
        AssertQuotaError(refused, "SHORTEST_SCHEDULE_INTERVAL", QuotaApiFactory.IntervalSeconds, gap);
        Assert.Equal(before, await RowsAsync(tenant));

        var schedule = (await client.DataAsync("mutation($c: ID!) { createSchedule(input: {checkId: $c, cronExpression: \"*/5 * * * *\"}) { id } }", new { c = check }))
            .GetProperty("createSchedule").GetProperty("id").GetString();
        var changed = await RefusedAsync(client, "mutation($id: ID!, $cron: String!) { updateSchedule(input: {id: $id, cronExpression: $cron}) { id } }", new { id = schedule, cron });
        AssertQuotaError(changed, "SHORTEST_SCHEDULE_INTERVAL", QuotaApiFactory.IntervalSeconds, gap);
        var kept = await client.DataAsync("query($id: ID!) { node(id: $id) { ... on Schedule { cronExpression } } }", new { id = schedule });
        Assert.Equal("*/5 * * * *", kept.GetProperty("node").GetProperty("cronExpression").GetString());
    }

    [Fact]
    public async Task BatchQuery_PastTheConcurrentQuota_IsRefusedUntilOneFinishes()
    {
        // No worker runs here (Dqp:Jobs:RunServer is false): queued runs stay queued.
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.GraphQL(tenant.ApiKey);
        var connection = await ConnectionAsync(client);
        for (var i = 0; i < QuotaApiFactory.BatchQueries; i++)
        {
            await client.DataAsync(RunBatch, new { c = connection });
        }

        var error = await RefusedAsync(client, RunBatch, new { c = connection });

        AssertQuotaError(error, "CONCURRENT_BATCH_QUERIES", QuotaApiFactory.BatchQueries, QuotaApiFactory.BatchQueries);
        Assert.Equal(QuotaApiFactory.BatchQueries, await BatchRunsAsync(tenant));
        // Interactive runs are not batch runs: the quota does not touch them.
        await client.DataAsync("mutation($c: ID!) { runQuery(input: {connectionId: $c, sql: \"SELECT 1 AS one\"}) { result { id } } }", new { c = connection });
        var queued = (await client.DataAsync("{ queryResults(where: {status: {eq: QUEUED}}) { nodes { id } } }")).GetProperty("queryResults").GetProperty("nodes");
        await client.DataAsync("mutation($id: ID!) { cancelQuery(id: $id) { id } }", new { id = queued[0].GetProperty("id").GetString() });
        await client.DataAsync(RunBatch, new { c = connection });
    }

    [Fact]
    public async Task BatchQuery_WhileKeptExportsFillTheByteQuota_IsRefused()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.GraphQL(tenant.ApiKey);
        var connection = await ConnectionAsync(client);
        await KeepExportAsync(tenant, QuotaApiFactory.ExportBytes - 1);
        var first = await client.DataAsync(RunBatch, new { c = connection });
        await using (var data = api.Database.CreateDataContext())
        {
            var id = Relay(first.GetProperty("runQuery").GetProperty("result").GetProperty("id").GetString()!);
            await data.QueryResults.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, QueryStatus.Failed));
        }

        await KeepExportAsync(tenant, 1);
        var error = await RefusedAsync(client, RunBatch, new { c = connection });

        AssertQuotaError(error, "RETAINED_EXPORT_BYTES", QuotaApiFactory.ExportBytes, QuotaApiFactory.ExportBytes);
        Assert.Equal(0, await BatchRunsAsync(tenant));
    }

    [Fact]
    public async Task CreateWorkspace_PastTheOrganizationsQuota_IsRefusedAndChangesNothing()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.GraphQL(tenant.ApiKey);
        const string create = "mutation($n: String!) { createWorkspace(name: $n) { id } }";
        // The tenant's own workspace is the first of its organization's.
        for (var i = 1; i < QuotaApiFactory.Workspaces; i++)
        {
            await client.DataAsync(create, new { n = "w" + i });
        }

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => client.SendAsync(create, new { n = "racer-" + i })));

        Assert.All(answers, a => Assert.Equal("QUOTA_EXCEEDED", a.Body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString()));
        await using var db = api.Database.CreateDqContext();
        Assert.Equal(QuotaApiFactory.Workspaces, await db.Workspaces.CountAsync(w => w.OrganizationId == tenant.OrganizationId));
    }

    [Fact]
    public async Task ParallelRotations_OfOneKey_MintExactlyOneKey()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.GraphQL(tenant.ApiKey);
        await client.DataAsync(CreateKey, new { n = "rotated" });
        var id = (await client.DataAsync("{ apiKeys(where: {name: {eq: \"rotated\"}}) { nodes { id } } }"))
            .GetProperty("apiKeys").GetProperty("nodes")[0].GetProperty("id").GetString();
        var before = await ActiveKeysAsync(tenant);

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.SendAsync("mutation($id: ID!) { rotateApiKey(id: $id) { apiKey { id } } }", new { id })));

        var codes = answers.Select(a => a.Body.TryGetProperty("errors", out var e) ? e[0].GetProperty("extensions").GetProperty("code").GetString() : "OK").ToList();
        Assert.True(codes.Count(c => c == "OK") == 1, string.Join(", ", codes));
        Assert.All(codes.Where(c => c != "OK"), c => Assert.Equal("CONFLICT", c));
        Assert.Equal(before, await ActiveKeysAsync(tenant));
    }

    private async Task<int> ActiveKeysAsync(TestTenant tenant)
    {
        await using var db = api.Database.CreateDqContext();
        return await db.ApiKeys.CountAsync(k => k.WorkspaceId == tenant.WorkspaceId && k.RevokedAt == null);
    }

    [Fact]
    public async Task ParallelCreates_AtOneBelowTheQuota_LetExactlyOnePass()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.GraphQL(tenant.ApiKey);
        var connection = await ConnectionAsync(client);
        for (var i = 1; i < QuotaApiFactory.SavedQueries; i++)
        {
            await client.DataAsync(CreateSavedQuery, new { n = "q" + i });
        }

        for (var i = 1; i < QuotaApiFactory.BatchQueries; i++)
        {
            await client.DataAsync(RunBatch, new { c = connection });
        }

        // Each quota one below its limit (the connection above is the first of two); ten creates of each at once.
        var connections = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => client.SendAsync(CreateConnection, new { n = "racer-" + i })));
        var queries = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => client.SendAsync(CreateSavedQuery, new { n = "racer-" + i })));
        var batches = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.SendAsync(RunBatch, new { c = connection })));

        foreach (var (answers, quota) in new[] { (connections, "CONNECTIONS"), (queries, "SAVED_QUERIES"), (batches, "CONCURRENT_BATCH_QUERIES") })
        {
            var codes = answers.Select(a => a.Body.TryGetProperty("errors", out var e) ? e[0].GetProperty("extensions").GetProperty("code").GetString() : "OK").ToList();
            Assert.True(codes.Count(c => c == "OK") == 1, quota + ": " + string.Join(", ", codes));
            Assert.All(codes.Where(c => c != "OK"), c => Assert.Equal("QUOTA_EXCEEDED", c));
        }

        await using var db = api.Database.CreateDqContext();
        await using var data = api.Database.CreateDataContext();
        Assert.Equal(QuotaApiFactory.Connections, await db.Connections.CountAsync(c => c.WorkspaceId == tenant.WorkspaceId));
        Assert.Equal(QuotaApiFactory.SavedQueries, await data.SavedQueries.CountAsync(q => q.WorkspaceId == tenant.WorkspaceId));
        Assert.Equal(QuotaApiFactory.BatchQueries, await BatchRunsAsync(tenant));
    }

    [Fact]
    public async Task OrganizationOverride_RaisesTheLimitForThatOrganizationOnly_WithoutARestart()
    {
        var raised = await TestTenant.CreateAsync(api);
        var other = await TestTenant.CreateAsync(api);
        for (var i = 0; i < QuotaApiFactory.Connections; i++)
        {
            await api.GraphQL(raised.ApiKey).DataAsync(CreateConnection, new { n = "c" + i });
            await api.GraphQL(other.ApiKey).DataAsync(CreateConnection, new { n = "c" + i });
        }

        var key = $"Dqp:Quotas:Organizations:{raised.OrganizationId}:Connections";
        api.Settings.Change(key, "3");
        try
        {
            await api.GraphQL(raised.ApiKey).DataAsync(CreateConnection, new { n = "third" });
            AssertQuotaError(await RefusedAsync(api.GraphQL(raised.ApiKey), CreateConnection, new { n = "fourth" }), "CONNECTIONS", 3, 3);
            AssertQuotaError(await RefusedAsync(api.GraphQL(other.ApiKey), CreateConnection, new { n = "third" }), "CONNECTIONS", QuotaApiFactory.Connections, QuotaApiFactory.Connections);
            var shown = await QuotasAsync(api.GraphQL(raised.ApiKey));
            Assert.Equal((3L, 3L), (shown["CONNECTIONS"].Used!.Value, shown["CONNECTIONS"].Limit));
        }
        finally
        {
            api.Settings.Change(key, null);
        }

        AssertQuotaError(await RefusedAsync(api.GraphQL(raised.ApiKey), CreateConnection, new { n = "after-the-override" }), "CONNECTIONS", QuotaApiFactory.Connections, 3);
    }

    [Fact]
    public async Task WorkspaceQuotas_ShowUsageAgainstEachQuota_ForTheCallersWorkspaceOnly()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.GraphQL(tenant.ApiKey);
        var connection = await ConnectionAsync(client);
        var check = (await client.DataAsync(CreateCheck, new { c = connection, n = "shown" })).GetProperty("createCheck").GetProperty("id").GetString();
        await client.DataAsync("mutation($c: ID!) { createSchedule(input: {checkId: $c, cronExpression: \"0,10 * * * *\"}) { id } }", new { c = check });
        await client.DataAsync(CreateSavedQuery, new { n = "q" });
        await client.DataAsync(RunBatch, new { c = connection });
        await KeepExportAsync(tenant, 123);
        await client.DataAsync(CreateKey, new { n = "second" });

        var quotas = await QuotasAsync(client);

        Assert.Equal(
            new Dictionary<string, (long?, long, string)>
            {
                ["CHECK_DEFINITIONS"] = (1, QuotaApiFactory.Checks, "COUNT"),
                ["SHORTEST_SCHEDULE_INTERVAL"] = (600, QuotaApiFactory.IntervalSeconds, "SECONDS"),
                ["CONNECTIONS"] = (1, QuotaApiFactory.Connections, "COUNT"),
                ["SAVED_QUERIES"] = (1, QuotaApiFactory.SavedQueries, "COUNT"),
                ["CONCURRENT_BATCH_QUERIES"] = (1, QuotaApiFactory.BatchQueries, "COUNT"),
                ["RETAINED_EXPORT_BYTES"] = (123, QuotaApiFactory.ExportBytes, "BYTES"),
                ["API_KEYS"] = (2, QuotaApiFactory.Keys, "COUNT"),
                ["WORKSPACES"] = (1, QuotaApiFactory.Workspaces, "COUNT"),
            },
            quotas.ToDictionary(q => q.Key, q => (q.Value.Used, q.Value.Limit, q.Value.Unit)));

        // Another tenant's numbers are its own; a sibling workspace an organization admin lists shows none.
        var stranger = await QuotasAsync(api.GraphQL((await TestTenant.CreateAsync(api)).ApiKey));
        Assert.Equal(1L, stranger["API_KEYS"].Used);
        Assert.Null(stranger["SHORTEST_SCHEDULE_INTERVAL"].Used);
        await client.DataAsync("mutation { createWorkspace(name: \"sibling\") { id } }");
        var listed = (await client.DataAsync("{ organization { workspaces(order: [{name: ASC}]) { nodes { name quotas { kind } } } } }"))
            .GetProperty("organization").GetProperty("workspaces").GetProperty("nodes");
        var sibling = listed.EnumerateArray().Single(w => w.GetProperty("name").GetString() == "sibling");
        var own = listed.EnumerateArray().Single(w => w.GetProperty("name").GetString() != "sibling");
        Assert.Equal(JsonValueKind.Null, sibling.GetProperty("quotas").ValueKind);
        Assert.Equal(8, own.GetProperty("quotas").GetArrayLength());
    }

    private sealed record Shown(long? Used, long Limit, string Unit);

    private static async Task<Dictionary<string, Shown>> QuotasAsync(GraphQLClient client)
    {
        var quotas = (await client.DataAsync("{ workspace { quotas { kind unit used limit } } }")).GetProperty("workspace").GetProperty("quotas");
        return quotas.EnumerateArray().ToDictionary(
            q => q.GetProperty("kind").GetString()!,
            q => new Shown(q.GetProperty("used").ValueKind == JsonValueKind.Null ? null : q.GetProperty("used").GetInt64(), q.GetProperty("limit").GetInt64(), q.GetProperty("unit").GetString()!));
    }

    private static async Task<string> ConnectionAsync(GraphQLClient client) =>
        (await client.DataAsync(CreateConnection, new { n = "source-" + Guid.NewGuid().ToString("N")[..6] })).GetProperty("createConnection").GetProperty("id").GetString()!;

    private static async Task<JsonElement> RefusedAsync(GraphQLClient client, string query, object variables)
    {
        var (_, body) = await client.SendAsync(query, variables);
        Assert.True(body.TryGetProperty("errors", out var errors), "expected a refusal, got " + body);
        return errors[0];
    }

    private static void AssertQuotaError(JsonElement error, string quota, long limit, long used)
    {
        var extensions = error.GetProperty("extensions");
        Assert.Equal(("QUOTA_EXCEEDED", quota, limit, used),
            (extensions.GetProperty("code").GetString(), extensions.GetProperty("quota").GetString(), extensions.GetProperty("limit").GetInt64(), extensions.GetProperty("used").GetInt64()));
        Assert.Contains(quota, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    // What a refused create must leave as it was: the workspace's rows of every quota, and its audit trail.
    private async Task<(int Connections, int Checks, int Schedules, int Keys, int Audit, int Queries, int Runs)> RowsAsync(TestTenant tenant)
    {
        await using var db = api.Database.CreateDqContext();
        await using var data = api.Database.CreateDataContext();
        return (
            await db.Connections.CountAsync(c => c.WorkspaceId == tenant.WorkspaceId),
            await db.CheckDefinitions.CountAsync(c => c.Connection!.WorkspaceId == tenant.WorkspaceId),
            await db.Schedules.CountAsync(s => s.Check!.Connection!.WorkspaceId == tenant.WorkspaceId),
            await db.ApiKeys.CountAsync(k => k.WorkspaceId == tenant.WorkspaceId),
            await db.AuditLog.CountAsync(a => a.WorkspaceId == tenant.WorkspaceId),
            await data.SavedQueries.CountAsync(q => q.WorkspaceId == tenant.WorkspaceId),
            await data.QueryResults.CountAsync(r => r.WorkspaceId == tenant.WorkspaceId));
    }

    private async Task<int> BatchRunsAsync(TestTenant tenant)
    {
        await using var data = api.Database.CreateDataContext();
        return await data.QueryResults.CountAsync(r => r.WorkspaceId == tenant.WorkspaceId && r.Mode == QueryMode.Batch
            && (r.Status == QueryStatus.Queued || r.Status == QueryStatus.Running));
    }

    // A finished export the store still keeps, of the given size.
    private async Task KeepExportAsync(TestTenant tenant, long bytes)
    {
        await using var data = api.Database.CreateDataContext();
        data.QueryResults.Add(new QueryResult
        {
            OrgId = tenant.OrganizationId, WorkspaceId = tenant.WorkspaceId, Mode = QueryMode.Batch, Status = QueryStatus.Succeeded, SqlHash = "kept",
            OutputFormat = QueryOutputFormat.Csv, OutputLocation = "kept/" + Guid.NewGuid().ToString("N"), Bytes = bytes,
        });
        await data.SaveChangesAsync();
    }

    private static Guid Relay(string globalId) => DqPlatform.GraphQL.Relay.GlobalId.Require(globalId, ["QueryResult"], "id");
}
