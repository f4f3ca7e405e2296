using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Queries;
using DqPlatform.Infrastructure.Connectors;
using DqPlatform.Infrastructure.Tests.Connectors;
using DqPlatform.TestSupport;
using Npgsql;

namespace DqPlatform.Infrastructure.Tests.Queries;

/// <summary>
/// The guard by construction, on a real PostgreSQL, with the lexer out of the way (text that passes it is sent as a
/// determined tenant would): one statement per protocol message, functions judged from the plan, sessions reset.
/// </summary>
public sealed class PostgresGuardTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly PostgresConnector _connector = new(TestGuards.Loopback());

    public async Task InitializeAsync()
    {
        await database.ExecuteAsync("DROP TABLE IF EXISTS t; CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t SELECT generate_series(1, 100)");
        await database.ExecuteAsync("CREATE OR REPLACE VIEW locking AS SELECT pg_try_advisory_lock(4242) AS l");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<int> RunAsync(string sql) =>
        _connector.QueryAsync(database.SourceSettings, new BoundQuery(sql, []), Timeout, async (read, ct) =>
        {
            var rows = 0;
            while (await read.Reader.ReadAsync(ct))
            {
                rows++;
            }

            return rows;
        }, CancellationToken.None);

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    // Finding 1: Npgsql split parameterless text at the semicolons it saw, and COMMIT ended the read-only transaction.
    [Theory]
    [InlineData("SELECT 1 /* /* */ ' */ ; COMMIT; DELETE FROM t WHERE id = 50; SELECT ' -- '\n")]
    [InlineData("SELECT 1; COMMIT; DELETE FROM t WHERE id = 50")]
    [InlineData("SELECT 1 /* ; */ ; COMMIT; DELETE FROM t WHERE id = 50")]
    public async Task Query_WithSecondStatement_IsRefusedByServerAndChangesNothing(string sql)
    {
        await Assert.ThrowsAnyAsync<DomainException>(() => RunAsync(sql));
        var measured = SensorQuery.For("custom_sql", System.Text.Json.JsonSerializer.Serialize(new { sql = "SELECT 1", max = 1 }), PostgresDialect.Instance, null, "t", null) with { Sql = sql };
        await Assert.ThrowsAnyAsync<DomainException>(() => _connector.MeasureAsync(database.SourceSettings, measured, Timeout, CancellationToken.None));
        Assert.Equal(100, await ScalarAsync("SELECT count(*) FROM t WHERE id <= 100"));
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM t WHERE id = 50"));
    }

    // Finding 2: what the statement calls is judged from the server's plan — quoted, qualified, or hidden in a view.
    [Theory]
    [InlineData("select \"pg_terminate_backend\"(pid) from pg_stat_activity where false", "pg_terminate_backend")]
    [InlineData("select pg_catalog.\"pg_advisory_lock\"(1)", "pg_advisory_lock")]
    [InlineData("select pg_create_physical_replication_slot('dqp_fuzz_slot', true)", "pg_create_physical_replication_slot")]
    [InlineData("select pg_stat_reset()", "pg_stat_reset")]
    [InlineData("select pg_notify('c', 'x')", "pg_notify")]
    [InlineData("select * from locking", "pg_try_advisory_lock")]
    [InlineData("select set_config('work_mem', '1GB', false)", "set_config")]
    [InlineData("select n from (select lo_creat(-1) as n) s", "lo_creat")]
    public async Task Query_CallingVolatileFunction_IsRefusedFromPlanBeforeAnythingRuns(string sql, string function)
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => RunAsync(sql));
        Assert.Contains(function, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM pg_replication_slots"));
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"));
    }

    [Theory]
    [InlineData("SELECT random() AS r, clock_timestamp() AS c, gen_random_uuid() AS u, now() AS n, pg_sleep(0) AS s")]
    [InlineData("SELECT count(*) FROM t WHERE id = ANY(ARRAY[1, 2, 3])")]
    [InlineData("SELECT g FROM generate_series(1, 3) g")]
    [InlineData("SELECT 'pg_sleep(1)' AS text_that_looks_like_a_call, \"id\" FROM t")]
    public async Task Query_ReadingWithHarmlessFunctions_Runs(string sql) => Assert.True(await RunAsync(sql) > 0);

    [Fact]
    public void CalledNames_FromPlan_SeesQuotedAndQualifiedCallsButNotStrings() =>
        Assert.Equal(["count", "my fn", "pg_sleep"], PostgresFunctionGuard.CalledNames("""
            [{"Plan": {"Node Type": "Result", "Output": ["count(*)", "pg_catalog.pg_sleep('1'::double precision)", "\"my fn\"(1)", "'lower(x)'::text"]}}]
            """).Order(StringComparer.Ordinal));
}
