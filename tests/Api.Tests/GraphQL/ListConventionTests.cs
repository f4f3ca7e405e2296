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
