using DqPlatform.TestSupport;
using Npgsql;

namespace DqPlatform.Infrastructure.Tests.Persistence;

/// <summary>Migrations applied to an empty database produce every table, column, type, index and constraint of the seeds.</summary>
public sealed class SchemaCatalogTests : IAsyncLifetime
{
    private readonly string _database = "dqp_catalog_" + Guid.NewGuid().ToString("N")[..12];
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        _connectionString = await PostgresDatabase.CreateEmptyAsync(_database);
        await PostgresDatabase.MigrateAsync(_connectionString);
    }

    public Task DisposeAsync() => PostgresDatabase.DropAsync(_database);

    [Fact]
    public Task Migrations_CreateEverySeedColumn_WithTypeNullabilityAndDefault() => AssertContainsExpectedAsync("columns.txt", """
        SELECT n.nspname || '.' || c.relname || '.' || a.attname || ' | ' ||
               format_type(a.atttypid, a.atttypmod) || CASE a.attidentity WHEN 'a' THEN ' identity always' ELSE '' END || ' | ' ||
               CASE WHEN a.attnotnull THEN 'NOT NULL' ELSE 'NULL' END || ' | ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE n.nspname IN ('dq', 'data') AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
        """);

    [Fact]
    public Task Migrations_CreateEverySeedIndex_IncludingPartialAndUniqueOnes() => AssertContainsExpectedAsync("indexes.txt",
        "SELECT indexdef FROM pg_indexes WHERE schemaname IN ('dq', 'data')");

    [Fact]
    public Task Migrations_CreateEveryUniqueAndForeignKeyConstraint_WithCascade() => AssertContainsExpectedAsync("constraints.txt", """
        SELECT n.nspname || '.' || c.relname || ' ' || pg_get_constraintdef(k.oid)
        FROM pg_constraint k
        JOIN pg_class c ON c.oid = k.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ('dq', 'data') AND k.contype IN ('u', 'f') AND NOT c.relispartition
        """);

    [Fact]
    public Task Migrations_CreateEnumTypes_WithLabelsInSeedOrder() => AssertContainsExpectedAsync("enums.txt", """
        SELECT n.nspname || '.' || t.typname || ' | ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = 'dq'
        GROUP BY n.nspname, t.typname
        """);

    [Theory]
    [InlineData("check_results", "executed_at")]
    [InlineData("audit_log", "created_at")]
    public async Task Migrations_PartitionTablesByMonth_WithDefaultPartition(string table, string key)
    {
        var strategy = await ScalarAsync<string>(
            $"SELECT pg_get_partkeydef('dq.{table}'::regclass)");
        Assert.Equal($"RANGE ({key})", strategy);

        var defaultPartition = await ScalarAsync<string>($"""
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'dq.{table}'::regclass AND pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT'
            """);
        Assert.Equal($"{table}_default", defaultPartition);

        var thisMonth = $"{table}_{DateTime.UtcNow.ToString("yyyy_MM", System.Globalization.CultureInfo.InvariantCulture)}";
        Assert.True(await ScalarAsync<bool>($"SELECT to_regclass('dq.{thisMonth}') IS NOT NULL"), $"{thisMonth} is missing");
    }

    [Fact]
    public async Task DataSchema_HasNoForeignKeyIntoDq_SoItCanMoveToItsOwnDatabase()
    {
        var crossReferences = await ScalarAsync<long>("""
            SELECT count(*) FROM pg_constraint k
            JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_class r ON r.oid = k.confrelid JOIN pg_namespace rn ON rn.oid = r.relnamespace
            WHERE k.contype = 'f' AND n.nspname = 'data' AND rn.nspname <> 'data'
            """);
        Assert.Equal(0, crossReferences);
    }

    private async Task AssertContainsExpectedAsync(string expectedFile, string sql)
    {
        var expected = (await File.ReadAllLinesAsync(Path.Combine(AppContext.BaseDirectory, "Persistence", "ExpectedCatalog", expectedFile)))
            .Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l.TrimEnd()).ToList();
        var actual = new HashSet<string>(StringComparer.Ordinal);
        await using var conn = new NpgsqlConnection(_connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            actual.Add(reader.GetString(0).TrimEnd());
        }

        var missing = expected.Where(e => !actual.Contains(e)).ToList();
        Assert.True(missing.Count == 0, $"Missing from the migrated catalog:\n{string.Join('\n', missing)}");
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var conn = new NpgsqlConnection(_connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
