using DqPlatform.Api.Tests.GraphQL;
using DqPlatform.Domain.Incidents;
using DqPlatform.GraphQL.Relay;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Tests.Incidents;

/// <summary>
/// Issue 25, finding 8: two resolves both answered RESOLVED and a note was lost; a resolve racing an acknowledge left
/// an ACKNOWLEDGED incident with resolvedAt set, into which later failures folded. Transitions are now conditional on
/// the status they were decided from: the loser answers CONFLICT and nothing is lost.
/// </summary>
public sealed class IncidentTransitionTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    [Fact]
    public async Task ResolveIncident_WhenEightRace_OneWinsAndOthersAnswerConflict()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var checks = await GraphSeed.ChecksWithIncidentsAsync(api, tenant, 1, "race");
        var id = await ActiveIncidentIdAsync(checks[0].Id);
        var client = api.GraphQL(tenant.ApiKey);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            client.SendAsync($"mutation {{ resolveIncident(id: \"{GlobalId.Encode("Incident", id)}\", notes: \"note {i}\") {{ status }} }}")));
        var codes = answers.Select(a => a.Body.TryGetProperty("errors", out var e) ? e[0].GetProperty("extensions").GetProperty("code").GetString() : "RESOLVED").ToList();

        Assert.Equal(1, codes.Count(c => c == "RESOLVED"));
        Assert.All(codes.Where(c => c != "RESOLVED"), c => Assert.Equal("CONFLICT", c));
        await using var db = api.Database.CreateDqContext();
        var incident = await db.Incidents.AsNoTracking().SingleAsync(i => i.Id == id);
        Assert.Single(incident.ResolutionNotes!.Split('\n'), line => line.StartsWith("Resolved by", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResolveIncident_RacingAcknowledge_NeverLeavesAcknowledgedIncidentMarkedResolved()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var checks = await GraphSeed.ChecksWithIncidentsAsync(api, tenant, 12, "ack-race");
        await using (var seeded = api.Database.CreateDqContext())
        {
            var ids = checks.Select(c => c.Id).ToList();
            await seeded.Incidents.Where(i => ids.Contains(i.CheckId))
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, IncidentStatus.Open).SetProperty(i => i.ResolvedAt, (DateTimeOffset?)null));
        }

        var client = api.GraphQL(tenant.ApiKey);
        foreach (var check in checks)
        {
            var id = GlobalId.Encode("Incident", await ActiveIncidentIdAsync(check.Id));
            var answers = await Task.WhenAll(
                client.SendAsync($"mutation {{ acknowledgeIncident(id: \"{id}\") {{ status }} }}"),
                client.SendAsync($"mutation {{ resolveIncident(id: \"{id}\") {{ status }} }}"));
            Assert.All(answers, a => Assert.True(!a.Body.TryGetProperty("errors", out var e) || e[0].GetProperty("extensions").GetProperty("code").GetString() == "CONFLICT", a.Body.ToString()));
        }

        await using var db = api.Database.CreateDqContext();
        var incidents = await db.Incidents.AsNoTracking().Where(i => checks.Select(c => c.Id).Contains(i.CheckId)).ToListAsync();
        Assert.All(incidents, i => Assert.Equal(i.Status == IncidentStatus.Resolved, i.ResolvedAt is not null));
    }

    private async Task<Guid> ActiveIncidentIdAsync(Guid checkId)
    {
        await using var db = api.Database.CreateDqContext();
        return await db.Incidents.Where(i => i.CheckId == checkId && i.Status != IncidentStatus.Resolved).Select(i => i.Id).FirstAsync();
    }
}
