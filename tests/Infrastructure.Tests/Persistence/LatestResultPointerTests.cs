using DqPlatform.Domain.Checks;
using DqPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Tests.Persistence;

public sealed class LatestResultPointerTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task StoringResults_PointsTheCheckAtItsNewestResult_EvenWhenAnOlderOneArrivesLate()
    {
        await using var db = database.CreateDqContext();
        var check = await TestData.CreateCheckAsync(db);
        var now = DateTimeOffset.UtcNow;
        now = now.AddTicks(-(now.Ticks % 10)); // PostgreSQL keeps microseconds
        var newest = new CheckResult { CheckId = check.Id, ExecutedAt = now, RulePassed = true, SensorValue = 10 };
        db.CheckResults.Add(new CheckResult { CheckId = check.Id, ExecutedAt = now.AddMinutes(-10), RulePassed = false, Severity = CheckSeverity.Fatal });
        db.CheckResults.Add(newest);
        await db.SaveChangesAsync();
        db.CheckResults.Add(new CheckResult { CheckId = check.Id, ExecutedAt = now.AddHours(-1), RulePassed = false, Severity = CheckSeverity.Fatal });
        await db.SaveChangesAsync();

        var stored = await db.CheckDefinitions.AsNoTracking().SingleAsync(c => c.Id == check.Id);
        Assert.Equal(newest.Id, stored.LatestResultId);
        Assert.Equal(newest.ExecutedAt, stored.LatestResultAt);
        Assert.Equal(CheckOutcome.Passed, stored.LatestOutcome);
    }

    [Theory]
    [InlineData(true, null, CheckOutcome.Passed)]
    [InlineData(false, null, CheckOutcome.Failed)]
    [InlineData(false, "the source refused the connection", CheckOutcome.Error)]
    public async Task StoringAResult_KeepsItsOutcomeOnTheCheck_AsCheckResultOutcomeSays(bool passed, string? error, CheckOutcome expected)
    {
        await using var db = database.CreateDqContext();
        var check = await TestData.CreateCheckAsync(db);
        var now = DateTimeOffset.UtcNow;
        var result = new CheckResult { CheckId = check.Id, ExecutedAt = now, RulePassed = passed, ErrorMessage = error };
        db.CheckResults.Add(new CheckResult { CheckId = check.Id, ExecutedAt = now.AddMinutes(-1), RulePassed = !passed });
        db.CheckResults.Add(result);
        await db.SaveChangesAsync();
        // An older result stored late moves neither the pointer nor the outcome.
        db.CheckResults.Add(new CheckResult { CheckId = check.Id, ExecutedAt = now.AddHours(-1), RulePassed = !passed, ErrorMessage = error is null ? "late" : null });
        await db.SaveChangesAsync();

        var stored = await db.CheckDefinitions.AsNoTracking().SingleAsync(c => c.Id == check.Id);
        Assert.Equal(expected, result.Outcome);
        Assert.Equal(expected, stored.LatestOutcome);
    }

    [Fact]
    public async Task CheckWithoutResults_HasNoPointer()
    {
        await using var db = database.CreateDqContext();
        var check = await TestData.CreateCheckAsync(db);

        var stored = await db.CheckDefinitions.AsNoTracking().SingleAsync(c => c.Id == check.Id);
        Assert.Null(stored.LatestResultId);
        Assert.Null(stored.LatestResultAt);
        Assert.Equal(CheckOutcome.NeverRun, stored.LatestOutcome);
    }
}
