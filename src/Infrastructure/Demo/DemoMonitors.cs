using System.Text.Json;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Connections;
using DqPlatform.Infrastructure.Checks;
using DqPlatform.Infrastructure.Connectors;
using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DqPlatform.Infrastructure.Demo;

/// <summary>
/// The demo's monitors, seasons and drift, so they show within a minute of starting: a <c>page_views</c> table whose
/// daily volume has a weekly pattern (weekends at a tenth of weekdays, the last day at half its usual), a volume
/// check whose history holds the eight weeks before, monitors (<see cref="TableMonitors"/>) on the shop's tables, and
/// a schema snapshot from an hour before in which <c>customers</c> still had a <c>phone</c> column and a two-letter
/// <c>country</c>, so the first run of its schema monitor reports the drift. Seeded once, with the checks.
/// </summary>
public sealed class DemoMonitors(DqDbContext db, MonitorStore monitors, IClock clock)
{
    public const string VolumeCheckName = "page views per day normal";

    private const int Days = 56;

    // The shop's tables as the source spells them (DemoSeeder.SourceSql and PageViewsSql).
    private static readonly MonitoredTable[] Tables =
    [
        new("shop", "customers", [new("id", "integer"), new("email", "text"), new("country", "text"), new("created_at", "timestamp with time zone")]),
        new("shop", "orders", [new("id", "bigint"), new("customer_id", "integer"), new("amount", "numeric(12,2)"), new("status", "text"),
            new("ordered_at", "timestamp with time zone"), new("shipped_at", "timestamp with time zone")]),
        new("shop", "page_views", [new("id", "bigint"), new("path", "text"), new("viewed_at", "timestamp with time zone")]),
    ];

    public async Task EnsureAsync(Guid workspaceId, Guid connectionId, string sourceAdminConnectionString, string readerRole, CancellationToken cancellationToken)
    {
        var dailyViews = await EnsurePageViewsAsync(sourceAdminConnectionString, readerRole, cancellationToken);
        var organizationId = await db.Workspaces.Where(w => w.Id == workspaceId).Select(w => w.OrganizationId).SingleAsync(cancellationToken);
        var now = clock.UtcNow;

        var specs = Tables.SelectMany(t => TableMonitors.For(t, new MonitorSettings(CheckSeverity.Warning))).ToList();
        specs.Add(new CheckSpec(VolumeCheckName, "anomaly", "shop", "page_views_last_day", null, """{"maxPercent": 30, "window": 56}""", ["demo"],
            Severity: CheckSeverity.Warning));
        var outcome = await monitors.EnsureAsync(organizationId, workspaceId, connectionId, specs, "* * * * *", "UTC", now, dueNow: true, cancellationToken);
        if (outcome.Created == 0)
        {
            return;
        }

        var byName = outcome.Checks.ToDictionary(c => c.Name, StringComparer.Ordinal);
        await SeedVolumeHistoryAsync(byName[VolumeCheckName].Id, dailyViews, now, cancellationToken);
        await SeedEarlierSchemaAsync(connectionId, byName[TableMonitors.NameOf("schema", "shop", "customers")].Id, now, cancellationToken);
    }

    // The volume check's earlier results: one a day, the rows that day (newest last, so the latest pointer stays right).
    private async Task SeedVolumeHistoryAsync(Guid checkId, IReadOnlyList<long> dailyViews, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var d = dailyViews.Count; d >= 1; d--)
        {
            var at = now.AddDays(-d).AddMinutes(-1);
            var value = (decimal)dailyViews[d - 1];
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO dq.check_results (check_id, executed_at, execution_time_ms, sensor_value, rule_passed)
                VALUES ({checkId}, {at}, 3, {value}, true)
                """, cancellationToken);
        }
    }

    // An hour ago customers had a phone column and a two-letter country; its schema monitor "ran" just after.
    private async Task SeedEarlierSchemaAsync(Guid connectionId, Guid schemaCheckId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var earlier = new[]
        {
            new SourceTable("shop", "customers",
            [
                new SourceColumn("id", "integer", false), new SourceColumn("email", "text", true), new SourceColumn("phone", "text", true),
                new SourceColumn("country", "character varying(2)", false), new SourceColumn("created_at", "timestamp with time zone", false),
            ]),
        };
        var tables = JsonSerializer.Serialize(earlier, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var at = now.AddHours(-1);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO dq.schema_snapshot_history (connection_id, read_at, content_hash, tables)
            VALUES ({connectionId}, {at}, 'demo-earlier-schema', {tables}::jsonb)
            """, cancellationToken);
        var ranAt = at.AddMinutes(1);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO dq.check_results (check_id, executed_at, execution_time_ms, sensor_value, rule_passed, explanation)
            VALUES ({schemaCheckId}, {ranAt}, 5, 0, true, 'Baseline recorded: 5 columns.')
            """, cancellationToken);
    }

    /// <returns>Rows of each of the days before the last one, newest first.</returns>
    private static async Task<IReadOnlyList<long>> EnsurePageViewsAsync(string sourceAdminConnectionString, string readerRole, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(sourceAdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var seed = new NpgsqlCommand(PageViewsSql + $"\nGRANT SELECT ON shop.page_views, shop.page_views_last_day TO {readerRole};", connection))
        {
            await seed.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var days = new NpgsqlCommand($"""
            SELECT (SELECT count(*) FROM shop.page_views WHERE viewed_at > now() - d * interval '1 day' AND viewed_at <= now() - (d - 1) * interval '1 day')
            FROM generate_series(2, {Days + 1}) d ORDER BY d
            """, connection);
        var counts = new List<long>();
        await using var reader = await days.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts.Add(reader.GetInt64(0));
        }

        return counts;
    }

    // Day d is the 24 hours ending d - 1 days ago; weekends (by the day's start) at 40 views, weekdays at 400, and
    // the last day at half of what its kind of day usually has.
    private const string PageViewsSql = """
        CREATE TABLE IF NOT EXISTS shop.page_views (id bigserial PRIMARY KEY, path text NOT NULL, viewed_at timestamptz NOT NULL);
        CREATE OR REPLACE VIEW shop.page_views_last_day AS SELECT * FROM shop.page_views WHERE viewed_at > now() - interval '1 day';
        INSERT INTO shop.page_views (path, viewed_at)
        SELECT (ARRAY['/', '/products', '/cart', '/checkout'])[1 + n % 4],
               now() - (d - 1) * interval '1 day' - (n * 86000 / p.per_day) * interval '1 second'
        FROM generate_series(1, 57) d
        CROSS JOIN LATERAL (SELECT (CASE WHEN extract(isodow FROM now() - d * interval '1 day') IN (6, 7) THEN 40 ELSE 400 END)
                                   / CASE WHEN d = 1 THEN 2 ELSE 1 END AS per_day) p
        CROSS JOIN LATERAL generate_series(1, p.per_day) n
        WHERE NOT EXISTS (SELECT 1 FROM shop.page_views);
        """;
}
