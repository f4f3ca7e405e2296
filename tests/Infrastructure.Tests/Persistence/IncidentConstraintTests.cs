using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Incidents;
using DqPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DqPlatform.Infrastructure.Tests.Persistence;

public sealed class IncidentConstraintTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Theory]
    [InlineData(IncidentStatus.Open)]
    [InlineData(IncidentStatus.Acknowledged)]
    public async Task SecondActiveIncidentForOneCheck_IsRefusedByTheDatabase(IncidentStatus existingStatus)
    {
        await using var db = database.CreateDqContext();
        var check = await TestData.CreateCheckAsync(db);
        db.Incidents.Add(NewIncident(check.Id, existingStatus));
        await db.SaveChangesAsync();

        await using var second = database.CreateDqContext();
        second.Incidents.Add(NewIncident(check.Id, IncidentStatus.Open));
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync());

        var postgres = Assert.IsType<PostgresException>(error.InnerException);
        Assert.Equal(PostgresErrorCodes.UniqueViolation, postgres.SqlState);
        Assert.Equal("idx_incidents_open", postgres.ConstraintName);
        Assert.Equal(1, await db.Incidents.CountAsync(i => i.CheckId == check.Id));
    }

    [Fact]
    public async Task ResolvedIncidents_DoNotBlockANewOpenOne()
    {
        await using var db = database.CreateDqContext();
        var check = await TestData.CreateCheckAsync(db);
        db.Incidents.AddRange(NewIncident(check.Id, IncidentStatus.Resolved), NewIncident(check.Id, IncidentStatus.Resolved));
        await db.SaveChangesAsync();

        db.Incidents.Add(NewIncident(check.Id, IncidentStatus.Open));
        await db.SaveChangesAsync();

        Assert.Equal(3, await db.Incidents.CountAsync(i => i.CheckId == check.Id));
    }

    private static Incident NewIncident(Guid checkId, IncidentStatus status)
    {
        var incident = Incident.Open(checkId, CheckSeverity.Error, DateTimeOffset.UtcNow);
        if (status == IncidentStatus.Acknowledged)
        {
            incident.Acknowledge(Guid.NewGuid(), "test", null, DateTimeOffset.UtcNow);
        }
        else if (status == IncidentStatus.Resolved)
        {
            incident.Resolve("test", null, DateTimeOffset.UtcNow);
        }

        return incident;
    }
}
