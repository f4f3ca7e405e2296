using System.Text;
using DqPlatform.GraphQL.Relay;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Tests.GraphQL;

public sealed class MutationTests(DqApiFactory api) : IClassFixture<DqApiFactory>, IAsyncLifetime
{
    private TestTenant _tenant = null!;
    private string _connectionId = "";

    public async Task InitializeAsync()
    {
        _tenant = await TestTenant.CreateAsync(api);
        var data = await api.GraphQL(_tenant.ApiKey).DataAsync(
            "mutation { createConnection(input: {name: \"warehouse\", type: POSTGRESQL, config: {host: \"db.internal\", user: \"dq\", password: \"hunter2-secret\"}}) { id config } }");
        _connectionId = data.GetProperty("createConnection").GetProperty("id").GetString()!;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task CreateConnection_StoresConfigEncrypted_AndReturnsItRedacted()
    {
        var config = (await api.GraphQL(_tenant.ApiKey).DataAsync($"{{ node(id: \"{_connectionId}\") {{ ... on Connection {{ config }} }} }}"))
            .GetProperty("node").GetProperty("config");
        Assert.Equal("db.internal", config.GetProperty("host").GetString());
        Assert.Equal("********", config.GetProperty("password").GetString());

        await using var db = api.Database.CreateDqContext();
        var stored = await db.Connections.AsNoTracking().SingleAsync(c => c.WorkspaceId == _tenant.WorkspaceId);
        Assert.DoesNotContain("hunter2", Encoding.UTF8.GetString(stored.ConfigEncrypted), StringComparison.Ordinal);
        Assert.DoesNotContain("db.internal", Encoding.UTF8.GetString(stored.ConfigEncrypted), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("orders; DROP TABLE x", "targetTable")]
    [InlineData("orders\"--", "targetTable")]
    [InlineData("1orders", "targetTable")]
    public async Task CreateCheck_WithHostileTableName_ReturnsValidationErrorAndCreatesNothing(string table, string field)
    {
        var (_, body) = await api.GraphQL(_tenant.ApiKey).SendAsync(
            "mutation($c: ID!, $t: String!) { createCheck(input: {connectionId: $c, name: \"hostile\", checkType: \"row_count\", targetTable: $t, config: {min: 1}}) { id } }",
            new { c = _connectionId, t = table });

        var error = body.GetProperty("errors")[0].GetProperty("extensions");
        Assert.Equal("VALIDATION", error.GetProperty("code").GetString());
        Assert.Equal(field, error.GetProperty("field").GetString());
        await using var db = api.Database.CreateDqContext();
        Assert.False(await db.CheckDefinitions.AnyAsync(c => c.Name == "hostile"));
    }

    [Fact]
    public async Task CreateCheck_ThenDuplicateName_AnswersConflict()
    {
        var client = api.GraphQL(_tenant.ApiKey);
        const string create = "mutation($c: ID!) { createCheck(input: {connectionId: $c, name: \"orders-not-empty\", checkType: \"row_count\", targetTable: \"orders\", config: {min: 1}, severity: FATAL, tags: [\"daily\"]}) { id name severity config tags connection { name } } }";
        var created = (await client.DataAsync(create, new { c = _connectionId })).GetProperty("createCheck");

        Assert.Equal("FATAL", created.GetProperty("severity").GetString());
        Assert.Equal(1, created.GetProperty("config").GetProperty("min").GetInt32());
        Assert.Equal("warehouse", created.GetProperty("connection").GetProperty("name").GetString());
        Assert.Equal("CONFLICT", await client.ErrorCodeAsync(create, new { c = _connectionId }));
    }

    [Theory]
    [InlineData("createCheck(input: {connectionId: \"$CONN\", name: \"x\", checkType: \"no_such_type\", targetTable: \"t\"}) { id }", "VALIDATION")]
    [InlineData("createCheck(input: {connectionId: \"$CONN\", name: \"x\", checkType: \"null_percent\", targetTable: \"t\"}) { id }", "VALIDATION")]
    [InlineData("createCheck(input: {connectionId: \"$OTHER\", name: \"x\", checkType: \"row_count\", targetTable: \"t\"}) { id }", "NOT_FOUND")]
    [InlineData("createWebhook(input: {name: \"w\", url: \"ftp://example.com\", events: [\"check.failed\"]}) { id }", "VALIDATION")]
    [InlineData("createWebhook(input: {name: \"w\", url: \"https://example.com/hook\", events: [\"made.up\"]}) { id }", "VALIDATION")]
    [InlineData("createSavedQuery(input: {name: \"q\", query: \"  \"}) { id }", "VALIDATION")]
    [InlineData("createSavedQuery(input: {name: \"q\", query: \"select 1\", visibility: \"public\"}) { id }", "GRAPHQL_VALIDATION_FAILED")]
    [InlineData("createSavedQuery(input: {name: \"q\", query: \"select 1\", visibility: \"shared\"}) { id }", "GRAPHQL_VALIDATION_FAILED")]
    [InlineData("createCheck(input: {connectionId: \"$RAW\", name: \"x\", checkType: \"row_count\", targetTable: \"t\"}) { id }", "BAD_USER_INPUT")]
    [InlineData("runChecks(input: {connectionId: \"$RAW\"}) { id }", "BAD_USER_INPUT")]
    [InlineData("deleteCheck(id: \"$RAW\")", "BAD_USER_INPUT")]
    [InlineData("deleteCheck(id: \"$CONN\")", "BAD_USER_INPUT")]
    [InlineData("updateConnection(input: {id: \"not-an-id\", name: \"x\"}) { id }", "BAD_USER_INPUT")]
    [InlineData("deleteCheck(id: \"$GONE\")", "NOT_FOUND")]
    [InlineData("createCheck(input: {connectionId: \"$CONN\", name: \"x\", checkType: \"row_count\", targetTable: \"t\", config: {min: 9, max: 1}}) { id }", "VALIDATION")]
    [InlineData("createCheck(input: {connectionId: \"$CONN\", name: \"x\", checkType: \"regex_match_percent\", targetTable: \"t\", targetColumn: \"email\", config: {pattern: \"([\", min: 90}}) { id }", "VALIDATION")]
    public async Task BadInput_AnswersStableCode(string mutation, string code)
    {
        var other = GlobalId.Encode("Connection", Guid.NewGuid());
        var text = "mutation { " + mutation.Replace("$CONN", _connectionId, StringComparison.Ordinal).Replace("$OTHER", other, StringComparison.Ordinal)
            .Replace("$RAW", Guid.NewGuid().ToString(), StringComparison.Ordinal).Replace("$GONE", GlobalId.Encode("CheckDefinition", Guid.NewGuid()), StringComparison.Ordinal) + " }";

        Assert.Equal(code, await api.GraphQL(_tenant.ApiKey).ErrorCodeAsync(text));
    }

    [Fact]
    public async Task QueryResults_LinkToTheirSavedQuery()
    {
        var client = api.GraphQL(_tenant.ApiKey);
        var saved = (await client.DataAsync("mutation { createSavedQuery(input: {name: \"daily orders\", query: \"select 1\"}) { id } }"))
            .GetProperty("createSavedQuery").GetProperty("id").GetString()!;
        await using (var data = api.Database.CreateDataContext())
        {
            var id = DqPlatform.GraphQL.Relay.GlobalId.TryDecode(saved, out string _, out Guid g) ? g : Guid.Empty;
            data.QueryResults.AddRange(
                new Domain.Queries.QueryResult { OrgId = _tenant.OrganizationId, WorkspaceId = _tenant.WorkspaceId, Mode = "interactive", Status = "Succeeded", SqlHash = "h1", SavedQueryId = id },
                new Domain.Queries.QueryResult { OrgId = _tenant.OrganizationId, WorkspaceId = _tenant.WorkspaceId, Mode = "batch", Status = "Queued", SqlHash = "h2" });
            await data.SaveChangesAsync();
        }

        var answer = await client.DataAsync(
            "query($s: ID) { all: queryResults(order: [{sqlHash: ASC}]) { nodes { sqlHash mode status savedQuery { name } } } saved: queryResults(where: {savedQueryId: {eq: $s}, status: {eq: SUCCEEDED}, mode: {in: [INTERACTIVE]}}) { nodes { sqlHash } } }",
            new { s = saved });
        var nodes = answer.GetProperty("all").GetProperty("nodes");

        Assert.Equal("daily orders", nodes[0].GetProperty("savedQuery").GetProperty("name").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, nodes[1].GetProperty("savedQuery").ValueKind);
        Assert.Equal([("INTERACTIVE", "SUCCEEDED"), ("BATCH", "QUEUED")], nodes.EnumerateArray().Select(n => (n.GetProperty("mode").GetString(), n.GetProperty("status").GetString())));
        Assert.Equal(["h1"], answer.GetProperty("saved").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("sqlHash").GetString()));
    }

    [Fact]
    public async Task CheckTypes_ListTheCatalogWithConfigFields()
    {
        var types = (await api.GraphQL(_tenant.ApiKey).DataAsync("{ checkTypes { name target description configFields { name kind required } } }")).GetProperty("checkTypes");
        var regex = types.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "regex_match_percent");

        Assert.True(types.GetArrayLength() >= 18);
        Assert.Equal("COLUMN", regex.GetProperty("target").GetString());
        Assert.Contains(regex.GetProperty("configFields").EnumerateArray(), f => f.GetProperty("name").GetString() == "pattern" && f.GetProperty("required").GetBoolean());
    }

    [Fact]
    public async Task CreateSchedule_WithInvalidCronOrZone_IsRefusedAndValidOneComputesNextRun()
    {
        var client = api.GraphQL(_tenant.ApiKey);
        var check = (await client.DataAsync("mutation($c: ID!) { createCheck(input: {connectionId: $c, name: \"scheduled\", checkType: \"row_count\", targetTable: \"orders\", config: {min: 1}}) { id } }", new { c = _connectionId }))
            .GetProperty("createCheck").GetProperty("id").GetString();

        Assert.Equal("VALIDATION", await client.ErrorCodeAsync("mutation($c: ID!) { createSchedule(input: {checkId: $c, cronExpression: \"every minute\"}) { id } }", new { c = check }));
        Assert.Equal("VALIDATION", await client.ErrorCodeAsync("mutation($c: ID!) { createSchedule(input: {checkId: $c, cronExpression: \"*/5 * * * *\", timezone: \"Mars/Olympus\"}) { id } }", new { c = check }));
        var before = DateTimeOffset.UtcNow;
        var schedule = (await client.DataAsync("mutation($c: ID!) { createSchedule(input: {checkId: $c, cronExpression: \"0 2 * * *\", timezone: \"Europe/Berlin\"}) { nextRunAt check { name schedule { cronExpression } } } }", new { c = check }))
            .GetProperty("createSchedule");
        var after = DateTimeOffset.UtcNow;

        var next = DateTimeOffset.Parse(schedule.GetProperty("nextRunAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        // The cron's next occurrence in Berlin time, computed by the product's cron code around the call: 02:00 local on
        // most nights, 03:00 on the night 02:00 does not exist (the last Sunday of March), whatever today is.
        var cron = Domain.Scheduling.CronSchedule.Parse("0 2 * * *", "Europe/Berlin");
        Assert.InRange(next, cron.NextAfter(before)!.Value, cron.NextAfter(after)!.Value);
        Assert.True(next > before);
        Assert.Equal("0 2 * * *", schedule.GetProperty("check").GetProperty("schedule").GetProperty("cronExpression").GetString());
    }
}
