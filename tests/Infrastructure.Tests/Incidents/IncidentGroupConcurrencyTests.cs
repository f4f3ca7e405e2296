using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Incidents;
using DqPlatform.Infrastructure.Incidents;
using DqPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DqPlatform.Infrastructure.Tests.Incidents;

/// <summary>
/// Two checks of one table failing in overlapping transactions meet in one incident: the second insert waits on the
/// unique partial index <c>idx_incidents_open_group</c> until the first commits, then counts on its row.
/// </summary>
public sealed class IncidentGroupConcurrencyTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RecordFailure_TwoChecksOfOneTableInOverlappingTransactions_OpenOneIncident()
    {
        await using var db = database.CreateDqContext();
        var first = await TestData.CreateCheckAsync(db, "rows");
        var second = new CheckDefinition
        {
            ConnectionId = first.ConnectionId, Name = "nulls", CheckType = "null_count", TargetType = CheckTargetType.Column,
            TargetSchema = first.TargetSchema, TargetTable = first.TargetTable, TargetColumn = "email", Severity = CheckSeverity.Error,
        };
        db.CheckDefinitions.Add(second);
        await db.SaveChangesAsync();
        var key = IncidentGroups.KeyOf(IncidentGrouping.Table, first);
        Assert.Equal(key, IncidentGroups.KeyOf(IncidentGrouping.Table, second));

        await using var a = new NpgsqlConnection(database.ConnectionString);
        await using var b = new NpgsqlConnection(database.ConnectionString);
        await a.OpenAsync();
        await b.OpenAsync();
        await using var ta = await a.BeginTransactionAsync();
        await using var tb = await b.BeginTransactionAsync();
        var opened = await IncidentStore.RecordFailureAsync(a, first.Id, key, IncidentGrouping.Table, CheckSeverity.Fatal, T0, CancellationToken.None);
        var waiting = IncidentStore.RecordFailureAsync(b, second.Id, key, IncidentGrouping.Table, CheckSeverity.Error, T0.AddSeconds(1), CancellationToken.None);
        // The second statement cannot finish while the first transaction holds the group's row uncommitted.
        Assert.NotSame(waiting, await Task.WhenAny(waiting, Task.Delay(300)));
        await ta.CommitAsync();
        var counted = await waiting;
        await tb.CommitAsync();

        Assert.Equal((IncidentChangeKind.Created, IncidentChangeKind.Updated), (opened.Kind, counted.Kind));
        Assert.Equal(opened.IncidentId, counted.IncidentId);
        var incident = await db.Incidents.AsNoTracking().SingleAsync(i => i.GroupKey == key);
        Assert.Equal((2, CheckSeverity.Fatal, first.Id), (incident.FailureCount, incident.Severity, incident.CheckId));
        var members = await db.IncidentChecks.AsNoTracking().Where(m => m.IncidentId == incident.Id).OrderBy(m => m.LastSeen).Select(m => m.CheckId).ToListAsync();
        Assert.Equal([first.Id, second.Id], members);
    }

    [Fact]
    public async Task ResolveAfterPasses_OfAGroupIncident_WaitsForEveryCheckThatCountedOnIt()
    {
        await using var db = database.CreateDqContext();
        var first = await TestData.CreateCheckAsync(db, "rows");
        var second = new CheckDefinition
        {
            ConnectionId = first.ConnectionId, Name = "nulls", CheckType = "null_count", TargetType = CheckTargetType.Column,
            TargetSchema = first.TargetSchema, TargetTable = first.TargetTable, TargetColumn = "email", Severity = CheckSeverity.Error,
        };
        db.CheckDefinitions.Add(second);
        await db.SaveChangesAsync();
        var key = IncidentGroups.KeyOf(IncidentGrouping.Table, first);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await IncidentStore.RecordFailureAsync(connection, first.Id, key, IncidentGrouping.Table, CheckSeverity.Error, T0, CancellationToken.None);
        await IncidentStore.RecordFailureAsync(connection, second.Id, key, IncidentGrouping.Table, CheckSeverity.Error, T0, CancellationToken.None);
        db.CheckResults.Add(new CheckResult { CheckId = first.Id, ExecutedAt = T0.AddMinutes(1), RulePassed = true });
        db.CheckResults.Add(new CheckResult { CheckId = second.Id, ExecutedAt = T0.AddMinutes(1), RulePassed = false });
        await db.SaveChangesAsync();

        Assert.Null(await IncidentStore.ResolveAfterPassesAsync(connection, first.Id, T0.AddMinutes(2), 1, CancellationToken.None));

        db.CheckResults.Add(new CheckResult { CheckId = second.Id, ExecutedAt = T0.AddMinutes(3), RulePassed = true });
        await db.SaveChangesAsync();
        Assert.NotNull(await IncidentStore.ResolveAfterPassesAsync(connection, second.Id, T0.AddMinutes(4), 1, CancellationToken.None));
    }
}
