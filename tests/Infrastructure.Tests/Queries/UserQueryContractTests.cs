using System.Globalization;
using CsvHelper;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Queries;
using DqPlatform.Infrastructure.Connectors;
using DqPlatform.Infrastructure.Queries.Exports;

namespace DqPlatform.Infrastructure.Tests.Queries;

/// <summary>
/// User SQL through a connector on a real database: bound parameters, read-only execution, the tables a query reads,
/// stopping early, and the CSV export of what was read. Each database derives its own class.
/// </summary>
public abstract class UserQueryContractTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    protected abstract SourceConnector Connector { get; }

    protected abstract ConnectionSettings Settings { get; }

    protected abstract Task ExecuteAsync(string sql);

    /// <summary>A function that inserts a row into <c>side_effects</c> and returns 1.</summary>
    protected abstract string SideEffectFunctionSql { get; }

    /// <summary>A query of many rows (millions), to stop early.</summary>
    protected abstract string ManyRowsSql { get; }

    protected async Task CreateTablesAsync()
    {
        await ExecuteAsync("DROP TABLE IF EXISTS orders");
        await ExecuteAsync("DROP TABLE IF EXISTS customers");
        await ExecuteAsync("DROP TABLE IF EXISTS side_effects");
        await ExecuteAsync("CREATE TABLE customers (email VARCHAR(100) PRIMARY KEY, name VARCHAR(100) NOT NULL)");
        await ExecuteAsync("CREATE TABLE orders (id INT PRIMARY KEY, customer_email VARCHAR(100) NULL, amount DECIMAL(12,2) NOT NULL)");
        await ExecuteAsync("CREATE TABLE side_effects (n INT NOT NULL)");
        await ExecuteAsync("INSERT INTO customers VALUES ('a@example.com', 'Ann'), ('b@example.com', 'Bob')");
        await ExecuteAsync("INSERT INTO orders VALUES (1, 'a@example.com', 10.50), (2, 'b@example.com', 20.00), (3, NULL, 30.25), (4, 'a@example.com', 40.75)");
        await ExecuteAsync(SideEffectFunctionSql);
    }

    private BoundQuery Bind(string sql, QueryParameter[] parameters, Dictionary<string, string?> values) =>
        QueryTemplate.Bind(ReadOnlySql.Require(sql, "sql"), parameters, values, Connector.Dialect.Reading, Connector.Dialect.ParameterMarker);

    private Task<List<object?[]>> ReadAllAsync(BoundQuery query) =>
        Connector.QueryAsync(Settings, query, Timeout, async (read, ct) =>
        {
            var rows = new List<object?[]>();
            while (await read.Reader.ReadAsync(ct))
            {
                var row = new object?[read.Reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = read.Reader.IsDBNull(i) ? null : read.Reader.GetValue(i);
                }

                rows.Add(row);
            }

            return rows;
        }, CancellationToken.None);

    [Fact]
    public async Task Query_WithHostileParameterValues_BindsThemSoTheyMatchNothing()
    {
        QueryParameter[] parameters = [new("email", QueryParameterType.String), new("min", QueryParameterType.Decimal)];
        const string sql = "SELECT id, amount FROM orders WHERE customer_email = :email AND amount >= :min ORDER BY id";
        var rows = await ReadAllAsync(Bind(sql, parameters, new() { ["email"] = "a@example.com", ["min"] = "11" }));
        Assert.Equal([(4, 40.75m)], rows.Select(r => (Convert.ToInt32(r[0], CultureInfo.InvariantCulture), (decimal)r[1]!)));

        foreach (var hostile in new[] { "x' OR '1'='1", "a@example.com' -- ", @"\' OR 1=1 -- " })
        {
            Assert.Empty(await ReadAllAsync(Bind(sql, parameters, new() { ["email"] = hostile, ["min"] = "0" })));
        }
    }

    [Fact]
    public async Task Query_WithJoin_ReportsTablesReadWithTheirOutputColumns()
    {
        var datasets = await Connector.QueryAsync(Settings, Bind("SELECT o.id, c.name FROM orders o JOIN customers c ON c.email = o.customer_email", [], []), Timeout,
            (read, ct) => Task.FromResult(read.Datasets), CancellationToken.None);
        Assert.Equal(["customers", "orders"], datasets.Select(d => d.Table).Order());
        Assert.Contains("id", datasets.Single(d => d.Table == "orders").Columns!);
        Assert.Contains("name", datasets.Single(d => d.Table == "customers").Columns!);
    }

    [Fact]
    public async Task Query_CallingWritingFunction_FailsInReadOnlyTransaction()
    {
        // PostgreSQL's plan names the volatile function and it is refused before it runs (VALIDATION); where the
        // database gives no plan, the read-only transaction stops its write (SOURCE_ERROR). Either way nothing is written.
        var error = await Assert.ThrowsAnyAsync<Domain.Common.DomainException>(() => ReadAllAsync(Bind("SELECT leave_a_mark() AS m", [], [])));
        Assert.True(error is Domain.Common.ValidationException ? error.Message.Contains("leave_a_mark", StringComparison.Ordinal)
            : error.Message.ToUpperInvariant().Replace('-', ' ').Contains("READ ONLY", StringComparison.Ordinal), error.Message);
        Assert.Equal(4, Convert.ToInt32((await ReadAllAsync(Bind("SELECT count(*) FROM orders", [], [])))[0][0], CultureInfo.InvariantCulture));
        Assert.Equal(0, Convert.ToInt32((await ReadAllAsync(Bind("SELECT count(*) FROM side_effects", [], [])))[0][0], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Query_StoppedAfterFewRowsOfMillions_EndsCleanly()
    {
        var first = await Connector.QueryAsync(Settings, Bind(ManyRowsSql, [], []), Timeout, async (read, ct) =>
        {
            var values = new List<long>();
            while (values.Count < 3 && await read.Reader.ReadAsync(ct))
            {
                values.Add(Convert.ToInt64(read.Reader.GetValue(0), CultureInfo.InvariantCulture));
            }

            await read.StopAsync();
            return values;
        }, CancellationToken.None);
        Assert.Equal([1L, 2L, 3L], first);
    }

    [Fact]
    public async Task CsvExport_WithNullValues_HoldsRowsWithNullsAsEmptyFields()
    {
        using var file = new MemoryStream();
        var rows = await Connector.QueryAsync(Settings, Bind("SELECT id, customer_email, amount FROM orders ORDER BY id", [], []), Timeout,
            (read, ct) => new CsvExport().WriteAsync(read.Reader, file, new ExportLimits(100, 1 << 20), ct), CancellationToken.None);
        Assert.Equal(4, rows);
        using var csv = CsvReader.Create(file.ToArray());
        var read = new List<(int, string?, decimal)>();
        while (await csv.ReadAsync())
        {
            read.Add((int.Parse(csv.GetString(0), CultureInfo.InvariantCulture), csv.IsEmpty(1) ? null : csv.GetString(1), decimal.Parse(csv.GetString(2), CultureInfo.InvariantCulture)));
        }

        Assert.Equal([(1, "a@example.com", 10.50m), (2, "b@example.com", 20.00m), (3, null, 30.25m), (4, "a@example.com", 40.75m)], read);
    }

    [Fact]
    public async Task Export_PastItsRowCap_FailsWithLimitError()
    {
        using var file = new MemoryStream();
        await Assert.ThrowsAsync<ExportLimitException>(() => Connector.QueryAsync(Settings, Bind(ManyRowsSql, [], []), Timeout,
            (read, ct) => new CsvExport().WriteAsync(read.Reader, file, new ExportLimits(10_000, 1L << 30), ct), CancellationToken.None));
    }
}
