using System.Text.Json;
using DqPlatform.Domain.Checks;
using DqPlatform.GraphQL.Relay;

namespace DqPlatform.Api.Tests.GraphQL;

/// <summary>where / order / paging with HotChocolate's shapes, on string, number, enum, boolean, date-time and global id fields.</summary>
public sealed class ListConventionTests(DqApiFactory api) : IClassFixture<DqApiFactory>, IAsyncLifetime
{
    private TestTenant _tenant = null!;
    private List<CheckDefinition> _checks = [];

    public async Task InitializeAsync()
    {
        _tenant = await TestTenant.CreateAsync(api);
        _checks = await GraphSeed.ChecksWithIncidentsAsync(api, _tenant, 30);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("{name: {eq: \"check-007\"}}", 1)]
    [InlineData("{name: {neq: \"check-007\"}}", 29)]
    [InlineData("{name: {contains: \"-01\"}}", 10)]
    [InlineData("{name: {startsWith: \"check-02\"}}", 10)]
    [InlineData("{name: {endsWith: \"5\"}}", 3)]
    [InlineData("{name: {in: [\"check-001\", \"check-002\", \"nope\"]}}", 2)]
    [InlineData("{name: {nin: [\"check-001\", \"check-002\"]}}", 28)]
    [InlineData("{targetColumn: {eq: null}}", 15)]
    [InlineData("{severity: {eq: FATAL}}", 10)]
    [InlineData("{severity: {in: [WARNING, ERROR]}}", 20)]
    [InlineData("{severity: {gte: ERROR}}", 20)]
    [InlineData("{enabled: {eq: false}}", 8)]
    [InlineData("{tags: {some: {eq: \"finance\"}}}", 6)]
    [InlineData("{or: [{name: {eq: \"check-000\"}}, {name: {eq: \"check-029\"}}]}", 2)]
    [InlineData("{and: [{enabled: {eq: true}}, {targetTable: {eq: \"orders\"}}]}", 7)]
    public async Task CheckDefinitions_Where_FiltersInSql(string where, int expected)
    {
        var data = await api.GraphQL(_tenant.ApiKey).DataAsync($"{{ checkDefinitions(where: {where}, first: 100) {{ totalCount nodes {{ name }} }} }}");

        Assert.Equal(expected, data.GetProperty("checkDefinitions").GetProperty("totalCount").GetInt32());
        Assert.Equal(expected, data.GetProperty("checkDefinitions").GetProperty("nodes").GetArrayLength());
    }

    [Theory]
    [InlineData("{failureCount: {gt: 25}}", 5)]
    [InlineData("{failureCount: {lte: 3}}", 3)]
    [InlineData("{status: {in: [OPEN, ACKNOWLEDGED]}}", 20)]
    public async Task Incidents_WhereOnNumbersAndEnums_FiltersRows(string where, int expected)
    {
        var data = await api.GraphQL(_tenant.ApiKey).DataAsync($"{{ incidents(where: {where}, first: 100) {{ totalCount }} }}");

        Assert.Equal(expected, data.GetProperty("incidents").GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task Where_OnDateTimeAndGlobalId_FiltersRows()
    {
        var check = _checks[4];
        var since = DateTimeOffset.UtcNow.AddHours(-10).ToString("O");
        var data = await api.GraphQL(_tenant.ApiKey).DataAsync(
            $"{{ recent: incidents(where: {{firstSeen: {{gte: \"{since}\"}}}}) {{ totalCount }} byId: checkDefinitions(where: {{id: {{eq: \"{GlobalId.Encode("CheckDefinition", check.Id)}\"}}}}) {{ nodes {{ name }} }} }}");

        Assert.Equal(10, data.GetProperty("recent").GetProperty("totalCount").GetInt32());
        Assert.Equal("check-004", data.GetProperty("byId").GetProperty("nodes")[0].GetProperty("name").GetString());
    }

    // Issue 27, item 4: filters on references wanted raw UUIDs, so checkResults(where: {checkId: {eq: <the id the API
    // gave>}}) was refused and clients decoded "opaque" ids.
    [Fact]
    public async Task Where_OnReferences_TakesTheGlobalIdsTheApiGave()
    {
        var client = api.GraphQL(_tenant.ApiKey);
        var checks = (await client.DataAsync("{ checkDefinitions(where: {name: {in: [\"check-004\", \"check-007\"]}}) { nodes { id connection { id } } } }"))
            .GetProperty("checkDefinitions").GetProperty("nodes");
        var (first, second) = (checks[0].GetProperty("id").GetString(), checks[1].GetProperty("id").GetString());

        var data = await client.DataAsync(
            """
            query($check: ID!, $both: [ID], $connection: ID!) {
              results: checkResults(where: {checkId: {eq: $check}}) { totalCount nodes { check { id } } }
              incidents(where: {checkId: {in: $both}}) { totalCount }
              others: incidents(where: {checkId: {nin: $both}}) { totalCount }
              byConnection: checkDefinitions(where: {connectionId: {eq: $connection}}, first: 100) { totalCount }
            }
            """,
            new { check = first, both = new[] { first, second }, connection = checks[0].GetProperty("connection").GetProperty("id").GetString() });

        Assert.Equal(1, data.GetProperty("results").GetProperty("totalCount").GetInt32());
        Assert.Equal(first, data.GetProperty("results").GetProperty("nodes")[0].GetProperty("check").GetProperty("id").GetString());
        Assert.Equal(2, data.GetProperty("incidents").GetProperty("totalCount").GetInt32());
        Assert.Equal(28, data.GetProperty("others").GetProperty("totalCount").GetInt32());
        Assert.Equal(30, data.GetProperty("byConnection").GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task Where_OnReferences_RefusesRawUuidsAndOtherTypesIds_AsBadUserInput()
    {
        var client = api.GraphQL(_tenant.ApiKey);
        var check = _checks[4];

        var (_, raw) = await client.SendAsync($"{{ checkResults(where: {{checkId: {{eq: \"{check.Id}\"}}}}) {{ totalCount }} }}");
        var (_, wrongType) = await client.SendAsync("query($ids: [ID]) { incidents(where: {checkId: {in: $ids}}) { totalCount } }",
            new { ids = new[] { GlobalId.Encode("CheckDefinition", check.Id), GlobalId.Encode("Connection", check.ConnectionId) } });
        var (_, ownId) = await client.SendAsync($"{{ checkDefinitions(where: {{id: {{eq: \"{GlobalId.Encode("Incident", check.Id)}\"}}}}) {{ totalCount }} }}");

        var rawError = raw.GetProperty("errors")[0];
        Assert.Equal("BAD_USER_INPUT", rawError.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal("checkId", rawError.GetProperty("extensions").GetProperty("field").GetString());
        Assert.Equal("'checkId' takes a global id of type CheckDefinition (the `id` the API returns); not a raw UUID.", rawError.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, raw.GetProperty("data").ValueKind);
        Assert.Equal("BAD_USER_INPUT", wrongType.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        Assert.EndsWith("this one is of type Connection.", wrongType.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("BAD_USER_INPUT", ownId.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Where_OnTextEnums_TakesTheEnumValues()
    {
        var client = api.GraphQL(_tenant.ApiKey);
        await using (var db = api.Database.CreateDqContext())
        {
            db.Jobs.Add(new Domain.Jobs.Job { CheckId = _checks[1].Id, Status = Domain.Jobs.JobStatus.Cancelled, TriggeredBy = Domain.Jobs.JobTrigger.Api, CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        var data = await client.DataAsync(
            "{ api: jobs(where: {triggeredBy: {eq: API}}) { totalCount nodes { triggeredBy } } scheduled: jobs(where: {triggeredBy: {in: [SCHEDULE, WEBHOOK]}}) { totalCount } }");

        Assert.Equal(1, data.GetProperty("api").GetProperty("totalCount").GetInt32());
        Assert.Equal("API", data.GetProperty("api").GetProperty("nodes")[0].GetProperty("triggeredBy").GetString());
        Assert.Equal(0, data.GetProperty("scheduled").GetProperty("totalCount").GetInt32());
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", await client.ErrorCodeAsync("{ jobs(where: {triggeredBy: {eq: \"api\"}}) { totalCount } }"));
    }

    [Fact]
    public async Task Order_ByTwoFields_IsApplied()
    {
        var data = await api.GraphQL(_tenant.ApiKey).DataAsync("{ checkDefinitions(order: [{severity: DESC}, {name: ASC}], first: 100) { nodes { name severity } } }");
        var nodes = data.GetProperty("checkDefinitions").GetProperty("nodes").EnumerateArray().Select(n => (n.GetProperty("severity").GetString()!, n.GetProperty("name").GetString()!)).ToList();

        var expected = _checks.OrderByDescending(c => c.Severity).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => (c.Severity.ToString().ToUpperInvariant(), c.Name)).ToList();
        Assert.Equal(expected, nodes);
    }

    [Fact]
    public async Task Paging_ForwardAndBackward_VisitsEveryRowOnce()
    {
        var client = api.GraphQL(_tenant.ApiKey);
        var forward = new List<string>();
        string? after = null;
        do
        {
            var page = (await client.DataAsync("query($after: String) { checkDefinitions(first: 7, after: $after, order: [{name: DESC}]) { pageInfo { hasNextPage endCursor } nodes { name } } }", new { after }))
                .GetProperty("checkDefinitions");
            forward.AddRange(page.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("name").GetString()!));
            after = page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean() ? page.GetProperty("pageInfo").GetProperty("endCursor").GetString() : null;
        }
        while (after is not null);

        var backward = new List<string>();
        string? before = null;
        do
        {
            var page = (await client.DataAsync("query($before: String) { checkDefinitions(last: 7, before: $before, order: [{name: DESC}]) { pageInfo { hasPreviousPage startCursor } nodes { name } } }", new { before }))
                .GetProperty("checkDefinitions");
            backward.InsertRange(0, page.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("name").GetString()!));
            before = page.GetProperty("pageInfo").GetProperty("hasPreviousPage").GetBoolean() ? page.GetProperty("pageInfo").GetProperty("startCursor").GetString() : null;
        }
        while (before is not null);

        var expected = _checks.Select(c => c.Name).OrderDescending(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, forward);
        Assert.Equal(expected, backward);
    }

    [Fact]
    public async Task Cursor_KeepsItsPlace_WhenRowsAreInsertedBeforeIt()
    {
        var client = api.GraphQL(_tenant.ApiKey);
        var first = (await client.DataAsync("{ checkDefinitions(first: 5, where: {name: {startsWith: \"check-\"}}) { pageInfo { endCursor } nodes { name } } }")).GetProperty("checkDefinitions");
        await GraphSeed.ChecksWithIncidentsAsync(api, _tenant, 3, prefix: "aaa-before");
        await GraphSeed.ChecksWithIncidentsAsync(api, _tenant, 3, prefix: "check-000a");

        var next = (await client.DataAsync("query($after: String) { checkDefinitions(first: 3, after: $after, where: {name: {startsWith: \"check-\"}}) { nodes { name } } }",
            new { after = first.GetProperty("pageInfo").GetProperty("endCursor").GetString() })).GetProperty("checkDefinitions");

        Assert.Equal("check-004", first.GetProperty("nodes")[4].GetProperty("name").GetString());
        Assert.Equal(new[] { "check-005", "check-006", "check-007" }, next.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("name").GetString()!).ToArray());
    }

    [Theory]
    [InlineData("{ checkDefinitions(first: 101) { totalCount } }")]
    [InlineData("{ checkDefinitions(first: 2, last: 2) { totalCount } }")]
    [InlineData("{ checkDefinitions(after: \"not-a-cursor\") { totalCount } }")]
    public async Task BadPagingArguments_AnswerValidation(string query)
    {
        Assert.Equal("VALIDATION", await api.GraphQL(_tenant.ApiKey).ErrorCodeAsync(query));
    }

    [Fact]
    public async Task CursorFromAnotherOrder_IsRefused()
    {
        var client = api.GraphQL(_tenant.ApiKey);
        var cursor = (await client.DataAsync("{ checkDefinitions(first: 1, order: [{name: DESC}]) { pageInfo { endCursor } } }"))
            .GetProperty("checkDefinitions").GetProperty("pageInfo").GetProperty("endCursor").GetString();

        Assert.Equal("VALIDATION", await client.ErrorCodeAsync("query($c: String) { checkDefinitions(after: $c, order: [{createdAt: ASC}]) { totalCount } }", new { c = cursor }));
    }
}
