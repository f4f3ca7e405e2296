using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Tests.Persistence;

public sealed class PartitionMaintenanceTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task ResultInMonthWithoutPartition_IsStoredInDefault_ThenMovedWhenItsMonthIsCreated()
    {
        await using var db = database.CreateDqContext();
        var check = await TestData.CreateCheckAsync(db);
        // Ten years out: past the months the migration creates ahead of today, whatever today is.
        var year = DateTime.UtcNow.Year + 10;
        var executedAt = new DateTimeOffset(year, 6, 15, 12, 0, 0, TimeSpan.Zero);
        db.CheckResults.Add(new CheckResult { CheckId = check.Id, ExecutedAt = executedAt, RulePassed = false, SensorValue = 41.5m, Severity = CheckSeverity.Fatal });
        await db.SaveChangesAsync();
        Assert.Equal("check_results_default", await PartitionOfAsync(db, executedAt));

        var maintenance = new PartitionMaintenance(db, new SystemClock());
        var created = await maintenance.EnsureAsync(new DateOnly(year, 6, 1), 3, CancellationToken.None);

        Assert.Equal(8, created); // June to September, for check_results and audit_log
        Assert.Equal(FormattableString.Invariant($"check_results_{year}_06"), await PartitionOfAsync(db, executedAt));
        var stored = await db.CheckResults.AsNoTracking().SingleAsync(r => r.CheckId == check.Id);
        Assert.Equal(41.5m, stored.SensorValue);
        Assert.Equal(executedAt, stored.ExecutedAt);

        Assert.Equal(0, await maintenance.EnsureAsync(new DateOnly(year, 6, 1), 3, CancellationToken.None));
        Assert.Equal(1, await db.CheckResults.CountAsync(r => r.CheckId == check.Id));
    }

    [Fact]
    public async Task MonthBoundaries_AreUtc_WhateverTheSessionTimeZone()
    {
        await using var db = database.CreateDqContext();
        await db.Database.OpenConnectionAsync();
        var year = DateTime.UtcNow.Year + 11;
        await db.Database.ExecuteSqlRawAsync("SET TIME ZONE 'America/New_York'");
        await new PartitionMaintenance(db, new SystemClock()).EnsureAsync(new DateOnly(year, 1, 1), 0, CancellationToken.None);

        await db.Database.ExecuteSqlRawAsync("SET TIME ZONE 'UTC'; SET DateStyle = 'ISO, MDY'");
        var bound = await db.Database.SqlQueryRaw<string>(
            FormattableString.Invariant($"SELECT pg_get_expr(c.relpartbound, c.oid) AS \"Value\" FROM pg_class c WHERE c.relname = 'check_results_{year}_01'")).SingleAsync();
        Assert.Equal(FormattableString.Invariant($"FOR VALUES FROM ('{year}-01-01 00:00:00+00') TO ('{year}-02-01 00:00:00+00')"), bound);
    }

    [Fact]
    public async Task UnknownTable_IsRefused()
    {
        await using var db = database.CreateDqContext();
        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() =>
            db.Database.SqlQueryRaw<int>("SELECT dq.ensure_monthly_partitions('incidents', current_date, 1) AS \"Value\"").SingleAsync());
        Assert.Contains("not partitioned by month", error.MessageText, StringComparison.Ordinal);
    }

    private static Task<string> PartitionOfAsync(DqDbContext db, DateTimeOffset executedAt) =>
        db.Database.SqlQuery<string>($"SELECT tableoid::regclass::text AS \"Value\" FROM dq.check_results WHERE executed_at = {executedAt}")
            .Select(s => s.Replace("dq.", "", StringComparison.Ordinal)).SingleAsync();
}
