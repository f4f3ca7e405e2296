using System.Diagnostics;
using DqPlatform.GraphQL.Relay;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit.Abstractions;

namespace DqPlatform.Api.Tests.Checks;

/// <summary>The check engine's source with 500 more tables (schema <c>wide</c>): even ones have an updated_at timestamp.</summary>
public sealed class WideSourceFactory : CheckEngineFactory
{
    public const int Tables = 500;

    /// <summary>Room for 500 tables' monitors (1,250) and a little more, so one more table's worth does not fit.</summary>
    public const int CheckQuota = 1_260;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ExecuteOnSourceAsync($$"""
            CREATE SCHEMA wide;
            DO $$ BEGIN
              FOR i IN 1..{{Tables}} LOOP
                IF i % 2 = 0 THEN
                  EXECUTE format('CREATE TABLE wide.t%s (id int PRIMARY KEY, label text, updated_at timestamptz)', lpad(i::text, 3, '0'));
                ELSE
                  EXECUTE format('CREATE TABLE wide.t%s (id int PRIMARY KEY, label text)', lpad(i::text, 3, '0'));
                END IF;
              END LOOP;
            END $$;
            """);
    }

    public static string[] TableNames(int count = Tables) => [.. Enumerable.Range(1, count).Select(i => $"wide.t{i:000}")];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Dqp:Quotas:CheckDefinitions", CheckQuota.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

[Collection(HangfireServersCollection.Name)]
public sealed class TableMonitorsTests(WideSourceFactory api, ITestOutputHelper output) : IClassFixture<WideSourceFactory>
{
    private const string Create = """
        mutation($input: CreateTableMonitorsInput!) { createTableMonitors(input: $input) {
          tables created existing checks { id name checkType targetSchema targetTable targetColumn tags schedule { cronExpression } } } }
        """;

    [Fact]
    public async Task CreateTableMonitors_For500Tables_CoversEachInOneCall_AndTwiceCreatesNothing()
    {
        var (client, connection) = await TenantWithConnectionAsync();
        var input = new { connectionId = connection, tables = WideSourceFactory.TableNames(), schedule = "0 * * * *", severity = "WARNING" };

        var clock = Stopwatch.StartNew();
        var first = (await client.DataAsync(Create, new { input })).GetProperty("createTableMonitors");
        var elapsed = clock.Elapsed;
        output.WriteLine($"createTableMonitors for {WideSourceFactory.Tables} tables: {elapsed.TotalMilliseconds:0} ms");

        Assert.Equal(500, first.GetProperty("tables").GetInt32());
        Assert.Equal(1250, first.GetProperty("created").GetInt32());
        Assert.Equal(0, first.GetProperty("existing").GetInt32());
        var checks = first.GetProperty("checks").EnumerateArray().ToList();
        Assert.All(checks, c => Assert.Equal("0 * * * *", c.GetProperty("schedule").GetProperty("cronExpression").GetString()));
        Assert.All(checks, c => Assert.Contains("monitor", c.GetProperty("tags").EnumerateArray().Select(t => t.GetString())));
        Assert.Equal(500, checks.Count(c => c.GetProperty("checkType").GetString() == "anomaly"));
        Assert.Equal(500, checks.Count(c => c.GetProperty("checkType").GetString() == "schema_drift"));
        // Freshness only where a timestamp column exists: the even tables, on updated_at.
        var freshness = checks.Where(c => c.GetProperty("checkType").GetString() == "freshness").ToList();
        Assert.Equal(250, freshness.Count);
        Assert.All(freshness, c =>
        {
            Assert.Equal("updated_at", c.GetProperty("targetColumn").GetString());
            Assert.Equal(0, int.Parse(c.GetProperty("targetTable").GetString()![1..], System.Globalization.CultureInfo.InvariantCulture) % 2);
        });

        var second = (await client.DataAsync(Create, new { input })).GetProperty("createTableMonitors");
        Assert.Equal((0, 1250), (second.GetProperty("created").GetInt32(), second.GetProperty("existing").GetInt32()));
        Assert.Equal(checks.Select(c => c.GetProperty("id").GetString()).Order(),
            second.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("id").GetString()).Order());
        Assert.Equal((1250L, 1250L), await CountAsync(connection));

        // Audited like any other creation (AuditTrailTests leaves this mutation to this test): one row per check and
        // per schedule, and the second call none.
        GlobalId.TryDecode(connection, out _, out Guid connectionId);
        await using var db = api.Database.CreateDqContext();
        var workspace = await db.Connections.Where(c => c.Id == connectionId).Select(c => c.WorkspaceId).SingleAsync();
        var audited = await db.AuditLog.Where(a => a.WorkspaceId == workspace && a.Action == "create")
            .GroupBy(a => a.EntityType).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        Assert.Equal(1250, audited.GetValueOrDefault("check"));
        Assert.Equal(1250, audited.GetValueOrDefault("schedule"));
    }

    [Fact]
    public async Task CreateTableMonitors_RacingTwice_CreatesEachMonitorOnce()
    {
        var (client, connection) = await TenantWithConnectionAsync();
        var input = new { connectionId = connection, tables = new[] { "orders", "wide.t002", "wide.t003" }, schedule = "0 * * * *" };

        var answers = await Task.WhenAll(client.DataAsync(Create, new { input }), client.DataAsync(Create, new { input }));

        Assert.Equal(8, answers.Sum(a => a.GetProperty("createTableMonitors").GetProperty("created").GetInt32()));
        Assert.Equal((8L, 8L), await CountAsync(connection));
    }

    [Fact]
    public async Task CreateTableMonitors_PastTheCheckQuota_CreatesNothing()
    {
        var (client, connection) = await TenantWithConnectionAsync();
        var filled = (await client.DataAsync(Create, new { input = new { connectionId = connection, tables = WideSourceFactory.TableNames(), schedule = "0 * * * *" } }))
            .GetProperty("createTableMonitors").GetProperty("created").GetInt32();
        Assert.Equal(1250, filled);
        var other = await ConnectAsync(client, "second");

        var code = await client.ErrorCodeAsync(Create, new { input = new { connectionId = other, tables = WideSourceFactory.TableNames(10), schedule = "0 * * * *" } });

        Assert.Equal("QUOTA_EXCEEDED", code);
        Assert.Equal((0L, 0L), await CountAsync(other));
    }

    [Fact]
    public async Task CreateTableMonitors_OnAnotherWorkspacesConnection_IsNotFound()
    {
        var (_, connection) = await TenantWithConnectionAsync();
        var stranger = api.GraphQL((await TestTenant.CreateAsync(api)).ApiKey);

        var code = await stranger.ErrorCodeAsync(Create, new { input = new { connectionId = connection, all = true, schedule = "0 * * * *" } });

        Assert.Equal("NOT_FOUND", code);
        Assert.Equal((0L, 0L), await CountAsync(connection));
    }

    [Fact]
    public async Task CreateTableMonitors_WithAnUnknownTable_IsRefusedWhole()
    {
        var (client, connection) = await TenantWithConnectionAsync();

        var (_, body) = await client.SendAsync(Create, new { input = new { connectionId = connection, tables = new[] { "orders", "no_such_table" }, schedule = "0 * * * *" } });

        Assert.Equal("VALIDATION", body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal("tables", body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("field").GetString());
        Assert.Equal((0L, 0L), await CountAsync(connection));
    }

    private async Task<(GraphQLClient Client, string Connection)> TenantWithConnectionAsync()
    {
        var client = api.GraphQL((await TestTenant.CreateAsync(api)).ApiKey);
        return (client, await ConnectAsync(client, "wide"));
    }

    private async Task<string> ConnectAsync(GraphQLClient client, string name)
    {
        var created = await client.DataAsync(
            $"mutation($config: JSON!) {{ createConnection(input: {{name: \"{name}\", type: POSTGRESQL, config: $config}}) {{ id }} }}", new { config = api.SourceConfig() });
        return created.GetProperty("createConnection").GetProperty("id").GetString()!;
    }

    // Checks and schedules of the connection, straight from the database.
    private async Task<(long Checks, long Schedules)> CountAsync(string connection)
    {
        var id = GlobalId.TryDecode(connection, out _, out Guid g) ? g : throw new ArgumentException(connection);
        await using var db = new NpgsqlConnection(api.Database.ConnectionString);
        await db.OpenAsync();
        await using var count = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM dq.check_definitions WHERE connection_id = @c),
                   (SELECT count(*) FROM dq.schedules s JOIN dq.check_definitions c ON c.id = s.check_id WHERE c.connection_id = @c)
            """, db);
        count.Parameters.AddWithValue("c", id);
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
