using System.Text.Json;
using DqPlatform.Domain.Checks;
using DqPlatform.GraphQL.Relay;

namespace DqPlatform.Api.Tests.GraphQL;

/// <summary>
/// One id system and typed value sets in filters: references take the global ids the API answers (never raw UUIDs,
/// which are refused as the client's mistake), and text value sets take their enum values.
/// </summary>
public sealed class ReferenceFilterTests(DqApiFactory api) : IClassFixture<DqApiFactory>, IAsyncLifetime
{
    private TestTenant _tenant = null!;
    private List<CheckDefinition> _checks = [];

    public async Task InitializeAsync()
    {
        _tenant = await TestTenant.CreateAsync(api);
        _checks = await GraphSeed.ChecksWithIncidentsAsync(api, _tenant, 30);
    }

    public Task DisposeAsync() => Task.CompletedTask;

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
}
