using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Incidents;
using DqPlatform.Infrastructure.Incidents;
using DqPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DqPlatform.Infrastructure.Tests.Incidents;

/// <summary>The store's statements do what the domain's transitions say, for the same inputs.</summary>
public sealed class IncidentStoreTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RecordFailure_StoresWhatTheDomainComputes()
    {
        await using var db = database.CreateDqContext();
        var check = await TestData.CreateCheckAsync(db);
        var failures = new[] { (CheckSeverity.Error, 0), (CheckSeverity.Fatal, 5), (CheckSeverity.Warning, 3), (CheckSeverity.Error, 9) };
        Incident? expected = null;
        var changes = new List<IncidentChange>();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();

        foreach (var (severity, minute) in failures)
        {
            var at = T0.AddMinutes(minute);
            if (expected is null)
            {
                expected = Incident.Open(check.Id, severity, at);
            }
            else
            {
                expected.RecordFailure(severity, at);
            }

            changes.Add(await IncidentStore.RecordFailureAsync(connection, check.Id, severity, at, CancellationToken.None));
        }

        var stored = await db.Incidents.AsNoTracking().SingleAsync(i => i.CheckId == check.Id);
        Assert.Equal((expected!.Status, expected.Severity, expected.FailureCount, expected.FirstSeen, expected.LastSeen),
            (stored.Status, stored.Severity, stored.FailureCount, stored.FirstSeen, stored.LastSeen));
        Assert.Equal([IncidentChangeKind.Created, IncidentChangeKind.Updated, IncidentChangeKind.Updated, IncidentChangeKind.Updated], changes.Select(c => c.Kind));
        Assert.All(changes, c => Assert.Equal(stored.Id, c.IncidentId));
    }

    [Theory]
    [InlineData(new[] { true, true, true }, true)]
    [InlineData(new[] { true, false, true }, false)]
    [InlineData(new[] { true, true }, false)]
    public async Task ResolveAfterPasses_ResolvesExactlyWhenTheDomainSaysSo(bool[] newestFirst, bool resolves)
    {
        await using var db = database.CreateDqContext();
        var check = await TestData.CreateCheckAsync(db);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await IncidentStore.RecordFailureAsync(connection, check.Id, CheckSeverity.Error, T0, CancellationToken.None);
        for (var i = 0; i < newestFirst.Length; i++)
        {
            db.CheckResults.Add(new CheckResult { CheckId = check.Id, ExecutedAt = T0.AddMinutes(10 - i), RulePassed = newestFirst[i] });
        }

        await db.SaveChangesAsync();

        var change = await IncidentStore.ResolveAfterPassesAsync(connection, check.Id, T0.AddMinutes(11), IncidentRules.DefaultPassesToResolve, CancellationToken.None);

        Assert.Equal(IncidentRules.PassesResolve(newestFirst, IncidentRules.DefaultPassesToResolve), resolves);
        Assert.Equal(resolves, change is not null);
        var stored = await db.Incidents.AsNoTracking().SingleAsync(i => i.CheckId == check.Id);
        Assert.Equal(resolves ? IncidentStatus.Resolved : IncidentStatus.Open, stored.Status);
        Assert.Equal(resolves ? IncidentRules.AutoResolutionNote(IncidentRules.DefaultPassesToResolve) : null, stored.ResolutionNotes);
    }
}
