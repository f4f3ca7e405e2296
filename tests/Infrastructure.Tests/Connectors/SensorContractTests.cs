using DqPlatform.Domain.Checks;
using DqPlatform.Infrastructure.Connectors;

namespace DqPlatform.Infrastructure.Tests.Connectors;

/// <summary>
/// Every check type measured on a real source database and compared with the value computed in C#, plus the walls
/// around it: bound config values, read-only execution and the timeout. Each database derives its own class.
/// </summary>
public abstract class SensorContractTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    protected OrdersFixtureData Data { get; } = new(DateTime.UtcNow.AddHours(-1));

    protected abstract SourceConnector Connector { get; }

    protected abstract ConnectionSettings Settings { get; }

    /// <summary>Runs DDL/DML on the source as its owner (the sensor connection is read-only by construction).</summary>
    protected abstract Task ExecuteAsync(string sql);

    protected abstract string TimestampType { get; }

    protected abstract string SleepSql { get; }

    protected async Task CreateOrdersAsync()
    {
        await ExecuteAsync("DROP TABLE IF EXISTS orders");
        await ExecuteAsync($"""
            CREATE TABLE orders (id INT PRIMARY KEY, customer_email VARCHAR(100) NULL, amount DECIMAL(12,2) NULL,
                status VARCHAR(20) NOT NULL, created_at {TimestampType} NOT NULL, code VARCHAR(20) NOT NULL)
            """);
        foreach (var chunk in Data.Rows.Chunk(100))
        {
            var values = chunk.Select(r => $"({r.Id}, {OrdersFixtureData.Literal(r.Email)}, {OrdersFixtureData.Literal(r.Amount)}, "
                + $"{OrdersFixtureData.Literal(r.Status)}, {OrdersFixtureData.Literal(r.CreatedAt)}, {OrdersFixtureData.Literal(r.Code)})");
            await ExecuteAsync("INSERT INTO orders VALUES " + string.Join(", ", values));
        }
    }

    private async Task<SensorReading> MeasureAsync(string type, string? column, string config)
    {
        var tables = await Connector.ReadSchemaAsync(Settings, Timeout, CancellationToken.None);
        var table = tables.Single(t => t.Name == "orders");
        return await Connector.MeasureAsync(Settings, SensorQuery.For(type, config, Connector.Dialect, table.Schema, table.Name, column), Timeout, CancellationToken.None);
    }

    [Fact]
    public async Task Measure_ForEveryCheckType_MatchesWhatCSharpComputes()
    {
        var failures = new List<string>();
        foreach (var (type, column, config, expected) in Data.Expectations())
        {
            CheckCatalog.Validate(type, config);
            var reading = await MeasureAsync(type, column, config);
            if (reading.Value is not { } value || Math.Abs(value - expected) > 0.0001m)
            {
                failures.Add($"{type}({column}): measured {reading.Value}, expected {expected}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task Measure_ForTextLength_AlsoReportsTheShortestText()
    {
        var reading = await MeasureAsync("text_length", "code", """{"min": 8}""");
        Assert.Equal(Data.ShortestCode, reading.Lower);
        Assert.False(CheckCatalog.Get("text_length").Judge("""{"min": 8}""", reading).Passed);
    }

    [Fact]
    public async Task Measure_ForFreshness_IsAgeOfNewestRowInSeconds()
    {
        var reading = await MeasureAsync("freshness", "created_at", """{"maxAgeSeconds": 60}""");
        var expected = (decimal)(DateTime.UtcNow - Data.Rows.Max(r => r.CreatedAt)).TotalSeconds;
        Assert.InRange(reading.Value!.Value, expected - 5, expected + 5);
        Assert.False(CheckCatalog.Get("freshness").Judge("""{"maxAgeSeconds": 60}""", reading).Passed);
        Assert.True(CheckCatalog.Get("freshness").Judge("""{"maxAgeSeconds": 7200}""", reading).Passed);
    }

    [Fact]
    public async Task Measure_WithHostileConfigValues_BindsThemAsDataAndChangesNothing()
    {
        const string hostile = """{"values": ["x'); DROP TABLE orders; --", "paid' OR '1'='1"], "min": 0}""";
        var reading = await MeasureAsync("accepted_values_percent", "status", hostile);
        Assert.Equal(0m, reading.Value);
        var pattern = await MeasureAsync("regex_match_percent", "code", """{"pattern": "'; DELETE FROM orders; --", "min": 0}""");
        Assert.Equal(0m, pattern.Value);
        Assert.Equal(Data.Rows.Count, (await MeasureAsync("row_count", null, """{"min": 1}""")).Value);
    }

    [Fact]
    public async Task Measure_WithWritingStatement_FailsInsideReadOnlyTransaction()
    {
        // Past the SQL guard on purpose: the transaction itself must refuse.
        var write = new SensorQuery("DELETE FROM orders", []);
        await Assert.ThrowsAsync<SourceException>(() => Connector.MeasureAsync(Settings, write, Timeout, CancellationToken.None));
        Assert.Equal(Data.Rows.Count, (await MeasureAsync("row_count", null, """{"min": 1}""")).Value);
    }

    [Fact]
    public async Task Measure_PastItsTimeout_IsCancelledWithClearReason()
    {
        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAsync<SourceException>(() =>
            Connector.MeasureAsync(Settings, new SensorQuery(SleepSql, []), TimeSpan.FromSeconds(1), CancellationToken.None));
        Assert.Contains("did not finish within 1 s", error.Message, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task ReadSchema_ListsTheTableWithItsColumns()
    {
        var tables = await Connector.ReadSchemaAsync(Settings, Timeout, CancellationToken.None);
        var orders = tables.Single(t => t.Name == "orders");
        Assert.Equal(["id", "customer_email", "amount", "status", "created_at", "code"], orders.Columns.Select(c => c.Name));
        Assert.True(orders.Column("amount")!.IsNullable);
        Assert.False(orders.Column("status")!.IsNullable);
    }

    [Fact]
    public async Task TestConnection_WithRefusedCredentials_FailsWithoutShowingThePassword()
    {
        // An unknown user: the local test PostgreSQL trusts local logins, so a wrong password alone would pass there.
        var wrong = Settings with { User = "no_such_user", Password = "Wr0ng-S3cret-Value" };
        var error = await Assert.ThrowsAsync<SourceException>(() => Connector.TestAsync(wrong, Timeout, CancellationToken.None));
        Assert.DoesNotContain("Wr0ng-S3cret-Value", error.Message, StringComparison.Ordinal);
    }
}
