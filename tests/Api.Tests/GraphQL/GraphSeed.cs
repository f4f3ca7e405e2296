using Microsoft.EntityFrameworkCore;
using DqPlatform.GraphQL.Relay;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Connections;
using DqPlatform.Domain.Incidents;

namespace DqPlatform.Api.Tests.GraphQL;

/// <summary>Checks, results and incidents for a tenant, written straight to the database.</summary>
public static class GraphSeed
{
    public static async Task<List<CheckDefinition>> ChecksWithIncidentsAsync(DqApiFactory api, TestTenant tenant, int count, string prefix = "check")
    {
        await using var db = api.Database.CreateDqContext();
        var connection = NewConnection(tenant);
        var checks = Enumerable.Range(0, count).Select(i => new CheckDefinition
        {
            Connection = connection,
            Name = $"{prefix}-{i:D3}",
            CheckType = i % 2 == 0 ? "row_count" : "null_percent",
            TargetType = i % 2 == 0 ? CheckTargetType.Table : CheckTargetType.Column,
            TargetSchema = "public",
            TargetTable = i % 3 == 0 ? "orders" : "customers",
            TargetColumn = i % 2 == 0 ? null : "email",
            Severity = (CheckSeverity)(i % 3),
            Enabled = i % 4 != 0,
            Tags = i % 5 == 0 ? ["finance", "daily"] : ["daily"],
        }).ToList();
        db.CheckDefinitions.AddRange(checks);
        await db.SaveChangesAsync();

        var now = DateTimeOffset.UtcNow;
        now = now.AddTicks(-(now.Ticks % 10));
        foreach (var (check, i) in checks.Select((c, i) => (c, i)))
        {
            db.CheckResults.Add(new CheckResult { CheckId = check.Id, ExecutedAt = now.AddMinutes(-i), RulePassed = i % 2 == 0, SensorValue = i, Severity = i % 2 == 0 ? null : check.Severity });
            // i + 1 failures since i hours ago; then open, acknowledged or resolved in turn.
            var incident = Incident.Open(check.Id, check.Severity, now.AddHours(-i));
            for (var failure = 0; failure < i; failure++)
            {
                incident.RecordFailure(check.Severity, now);
            }

            if ((IncidentStatus)(i % 3) == IncidentStatus.Acknowledged)
            {
                incident.Acknowledge(tenant.ApiKeyId, "seed", null, now);
            }
            else if ((IncidentStatus)(i % 3) == IncidentStatus.Resolved)
            {
                incident.Resolve("seed", null, now);
            }

            db.Incidents.Add(incident);
        }

        await db.SaveChangesAsync();
        return checks;
    }

    /// <summary>The global ids of the open incidents among <see cref="ChecksWithIncidentsAsync"/>'s (every third is open).</summary>
    public static async Task<List<string>> OpenIncidentIdsAsync(DqApiFactory api, TestTenant tenant, int checks)
    {
        var checkIds = (await ChecksWithIncidentsAsync(api, tenant, checks)).Select(c => c.Id).ToList();
        await using var db = api.Database.CreateDqContext();
        var open = await db.Incidents.AsNoTracking().Where(i => checkIds.Contains(i.CheckId) && i.Status == IncidentStatus.Open)
            .Select(i => i.Id).ToListAsync();
        return [.. open.Select(id => GlobalId.Encode("Incident", id))];
    }

    /// <summary>Enabled checks with no results, so their latest result is null.</summary>
    public static async Task<List<CheckDefinition>> ChecksWithoutResultsAsync(DqApiFactory api, TestTenant tenant, int count)
    {
        await using var db = api.Database.CreateDqContext();
        var connection = NewConnection(tenant);
        var checks = Enumerable.Range(0, count).Select(i => new CheckDefinition
        {
            Connection = connection,
            Name = $"never-ran-{i:D3}",
            CheckType = "row_count",
            TargetType = CheckTargetType.Table,
            TargetTable = "orders",
            Severity = CheckSeverity.Warning,
            Enabled = true,
        }).ToList();
        db.CheckDefinitions.AddRange(checks);
        await db.SaveChangesAsync();
        return checks;
    }

    private static Connection NewConnection(TestTenant tenant) => new()
    {
        WorkspaceId = tenant.WorkspaceId,
        Name = "warehouse-" + Guid.NewGuid().ToString("N")[..6],
        Type = ConnectionType.Postgresql,
        ConfigEncrypted = [1],
    };
}
