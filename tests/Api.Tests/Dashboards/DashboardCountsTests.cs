using System.Text.Json;
using DqPlatform.Api.Tests.GraphQL;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Incidents;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Tests.Dashboards;

/// <summary>A dashboard's header in one request: incidents by status and severity, checks by last outcome, filtered or not.</summary>
public sealed class DashboardCountsTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    private const string Counts = """
        { workspace {
            incidentCounts { total byStatus { status count } bySeverity { severity count } }
            active: incidentCounts(where: {status: {neq: RESOLVED}}) { total bySeverity { severity count } }
            checkCounts { total byLastOutcome { outcome count } }
            enabled: checkCounts(where: {enabled: {eq: true}}) { total byLastOutcome { outcome count } } } }
        """;

    [Fact]
    public async Task Counts_AreTheSeededRows_EveryValueListedWithZeros_AndNoOtherWorkspacesRows()
    {
        var tenant = await SeedAsync();
        var other = await TestTenant.CreateAsync(api);
        await GraphSeed.ChecksWithIncidentsAsync(api, other, 7);

        var counts = (await api.GraphQL(tenant.ApiKey).DataAsync(Counts)).GetProperty("workspace");

        Assert.Equal(10, counts.GetProperty("incidentCounts").GetProperty("total").GetInt32());
        Assert.Equal("OPEN 4, ACKNOWLEDGED 3, RESOLVED 3", Tallies(counts.GetProperty("incidentCounts"), "byStatus", "status"));
        Assert.Equal("WARNING 7, ERROR 0, FATAL 3", Tallies(counts.GetProperty("incidentCounts"), "bySeverity", "severity"));
        Assert.Equal(7, counts.GetProperty("active").GetProperty("total").GetInt32());
        Assert.Equal("WARNING 7, ERROR 0, FATAL 0", Tallies(counts.GetProperty("active"), "bySeverity", "severity"));
        Assert.Equal(12, counts.GetProperty("checkCounts").GetProperty("total").GetInt32());
        Assert.Equal("PASSED 4, FAILED 5, ERROR 1, NEVER_RUN 2", Tallies(counts.GetProperty("checkCounts"), "byLastOutcome", "outcome"));
        Assert.Equal(9, counts.GetProperty("enabled").GetProperty("total").GetInt32());
        Assert.Equal("PASSED 2, FAILED 5, ERROR 0, NEVER_RUN 2", Tallies(counts.GetProperty("enabled"), "byLastOutcome", "outcome"));

        var theirs = (await api.GraphQL(other.ApiKey).DataAsync(Counts)).GetProperty("workspace");
        Assert.Equal(7, theirs.GetProperty("incidentCounts").GetProperty("total").GetInt32());
        Assert.Equal("PASSED 4, FAILED 3, ERROR 0, NEVER_RUN 0", Tallies(theirs.GetProperty("checkCounts"), "byLastOutcome", "outcome"));
    }

    [Fact]
    public async Task CountsFilteredByARawUuid_AnswerBadUserInput_AsTheListsDo()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.GraphQL(tenant.ApiKey);
        var raw = Guid.NewGuid();

        Assert.Equal("BAD_USER_INPUT", await client.ErrorCodeAsync($"{{ workspace {{ incidentCounts(where: {{checkId: {{eq: \"{raw}\"}}}}) {{ total }} }} }}"));
        Assert.Equal("BAD_USER_INPUT", await client.ErrorCodeAsync($"{{ workspace {{ checkCounts(where: {{connectionId: {{eq: \"{raw}\"}}}}) {{ total }} }} }}"));
    }

    [Fact]
    public async Task LastOutcome_FiltersTheChecksList_AsTheCountsCountIt()
    {
        var tenant = await SeedAsync();

        var data = await api.GraphQL(tenant.ApiKey).DataAsync("""
            { errored: checkDefinitions(where: {lastOutcome: {eq: ERROR}}) { nodes { name lastOutcome latestResult { outcome errorMessage } } }
              neverRun: checkDefinitions(where: {lastOutcome: {eq: NEVER_RUN}}) { totalCount nodes { latestResult { id } } } }
            """);

        var errored = Assert.Single(data.GetProperty("errored").GetProperty("nodes").EnumerateArray());
        Assert.Equal("check-000", errored.GetProperty("name").GetString());
        Assert.Equal("ERROR", errored.GetProperty("lastOutcome").GetString());
        Assert.Equal("ERROR", errored.GetProperty("latestResult").GetProperty("outcome").GetString());
        Assert.Equal(2, data.GetProperty("neverRun").GetProperty("totalCount").GetInt32());
        Assert.All(data.GetProperty("neverRun").GetProperty("nodes").EnumerateArray(), n => Assert.Equal(JsonValueKind.Null, n.GetProperty("latestResult").ValueKind));
    }

    // Ten checks with an incident and a result each (GraphSeed: check i passed when i is even; its incident has status
    // and severity i % 3), acknowledged incidents moved to WARNING so that severities differ from statuses, check 0's
    // newest run an error, and two checks that never ran.
    private async Task<TestTenant> SeedAsync()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var checks = await GraphSeed.ChecksWithIncidentsAsync(api, tenant, 10);
        await GraphSeed.ChecksWithoutResultsAsync(api, tenant, 2);
        await using var db = api.Database.CreateDqContext();
        await db.Incidents.Where(i => i.Check!.Connection!.WorkspaceId == tenant.WorkspaceId && i.Status == IncidentStatus.Acknowledged)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.Severity, CheckSeverity.Warning));
        db.CheckResults.Add(new CheckResult
        {
            CheckId = checks[0].Id, ExecutedAt = DateTimeOffset.UtcNow.AddMinutes(1), RulePassed = false, ErrorMessage = "The source refused the connection.",
        });
        await db.SaveChangesAsync();
        return tenant;
    }

    private static string Tallies(JsonElement counts, string list, string key) =>
        string.Join(", ", counts.GetProperty(list).EnumerateArray().Select(t => $"{t.GetProperty(key).GetString()} {t.GetProperty("count").GetInt32()}"));
}
