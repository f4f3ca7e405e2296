using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Checks.Types;
using DqPlatform.Infrastructure.Checks;
using DqPlatform.Infrastructure.Connectors;
using DqPlatform.Infrastructure.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.Api.Tests.Security;

/// <summary>
/// The run command's demo shows drift and anomalies on the first runs: monitors on the shop's tables, a schema
/// monitor whose first run reports the seeded earlier schema, and a volume check whose seeded weekly history makes
/// the last day's half volume an anomaly. In <see cref="DemoSourceTests"/>'s collection: both create the demo database.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class DemoMonitorsTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    [Fact]
    public async Task Demo_SeedsMonitors_AndTheirFirstRunsShowDriftAndAnAnomaly()
    {
        var tenant = await TestTenant.CreateAsync(api);
        using var scope = api.Services.CreateScope();
        var services = scope.ServiceProvider;
        await services.GetRequiredService<DemoSeeder>().EnsureAsync(tenant.WorkspaceId, api.Database.ConnectionString, CancellationToken.None);
        // Seeding twice creates nothing new.
        await services.GetRequiredService<DemoSeeder>().EnsureAsync(tenant.WorkspaceId, api.Database.ConnectionString, CancellationToken.None);

        await using var db = api.Database.CreateDqContext();
        var connection = await db.Connections.AsNoTracking().SingleAsync(c => c.WorkspaceId == tenant.WorkspaceId && c.Name == DemoSeeder.ConnectionName);
        var checks = await db.CheckDefinitions.AsNoTracking().Where(c => c.ConnectionId == connection.Id).ToListAsync();
        Assert.Equal(9, checks.Count(c => c.Tags.Contains(TableMonitors.Tag)));
        Assert.Equal(checks.Count, await db.Schedules.CountAsync(s => checks.Select(c => c.Id).Contains(s.CheckId)));

        var drift = checks.Single(c => c.Name == TableMonitors.NameOf("schema", "shop", "customers"));
        var target = await services.GetRequiredService<CheckTargets>().ResolveAsync(drift, connection, CancellationToken.None);
        var drifted = await services.GetRequiredService<SchemaDriftSensor>().MeasureAsync(drift, connection, target, CheckConfig.Parse(drift.Config), CancellationToken.None);
        Assert.False(drifted.Passed);
        Assert.Equal("column `phone` removed; `country` changed from character varying(2) to text", drifted.Explanation);

        var volume = checks.Single(c => c.Name == DemoMonitors.VolumeCheckName);
        var history = await db.CheckResults.AsNoTracking().Where(r => r.CheckId == volume.Id).OrderByDescending(r => r.ExecutedAt)
            .Select(r => r.SensorValue!.Value).ToListAsync();
        Assert.Equal(56, history.Count);
        Assert.Contains(40m, history);
        Assert.Contains(400m, history);
        var volumeTarget = await services.GetRequiredService<CheckTargets>().ResolveAsync(volume, connection, CancellationToken.None);
        var connector = services.GetRequiredService<SourceConnectors>().For(connection.Type);
        var query = SensorQuery.For(volume.Type, CheckConfig.Parse(volume.Config), connector.Dialect, volumeTarget.Schema, volumeTarget.Table, null);
        var reading = await connector.MeasureAsync(services.GetRequiredService<SourceSchemas>().SettingsOf(connection), query, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Contains(reading.Value, new decimal?[] { 20, 200 });
        Assert.False(volume.Type.Judge(CheckConfig.Parse(volume.Config), reading, history).Passed);
        Assert.IsType<AnomalyCheck>(volume.Type);
    }
}

[CollectionDefinition(Name)]
public sealed class DemoCollection
{
    public const string Name = "Demo database";
}
