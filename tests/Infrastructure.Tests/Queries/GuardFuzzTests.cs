using System.Globalization;
using System.Text;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Queries;
using DqPlatform.Infrastructure.Connectors;
using DqPlatform.Infrastructure.Tests.Connectors;
using DqPlatform.TestSupport;
using MySqlConnector;
using Npgsql;

namespace DqPlatform.Infrastructure.Tests.Queries;

/// <summary>
/// A differential fuzz test of the query guard on real PostgreSQL and MariaDB: generated statements mix comments
/// (nested, executable, hints), quotes, dollar quotes, escapes and separators around payloads that write, lock, signal,
/// touch replication or change settings. Each one the lexer accepts runs through the connector against a canary
/// database whose login may write; so does, without the lexer's help, each one that starts like a query and carries a
/// separator (both databases: one statement per message is by construction) or anything at all (PostgreSQL: its plan
/// judges what is called). The test fails if any row, table, lock, slot, file or other session changed. The number of
/// cases is fixed (<c>DQP_FUZZ_CASES</c>, seed <c>DQP_FUZZ_SEED</c> for longer runs); failing inputs are appended to
/// <c>GuardFuzzRegressions.txt</c> beside this file and replayed first on every run.
/// </summary>
public sealed class GuardFuzzTests(PostgresDatabase postgres, MariaDbDatabase mariadb) : IClassFixture<PostgresDatabase>, IClassFixture<MariaDbDatabase>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly string RegressionFile = Path.Combine(RepositoryRoot.Path, "tests", "Infrastructure.Tests", "Queries", "GuardFuzzRegressions.txt");

    private static readonly string[] Heads = ["SELECT 1", "SELECT v FROM canary", "WITH x AS (SELECT 1 AS one) SELECT one FROM x", "SELECT count(*) FROM canary WHERE id < 10", "VALUES (1)"];

    private static readonly string[] Wrappers =
    [
        "/* {0} */", "/* /* */ {0} */", "/* /* */ ' */ {0} -- '\n", "-- {0}\n", "# {0}\n", "/*! {0} */", "/*M! {0} */", "/*m!100100 {0} */",
        "/*+ {0} */", "'{0}'", "E'\\' {0} '", "'\\' {0} '", "$$ {0} $$", "$a$ {0} $a$", "\"{0}\"", "`{0}`", "[{0}]", "{0}", "-- x\n{0}", "#'\n{0}",
    ];

    private static readonly string[] Separators = [";", " ; ", ";\n", "\n;", ";;", ""];

    private static readonly string[] Payloads =
    [
        "DELETE FROM canary WHERE id = 1", "COMMIT", "COMMIT; DELETE FROM canary", "DROP TABLE canary", "UPDATE canary SET v = 'x'",
        "INSERT INTO canary VALUES (999, 'x')", "CREATE TABLE fuzz_made (i int)", "SELECT pg_advisory_lock(77)", "SELECT \"pg_advisory_lock\"(77)",
        "SELECT pg_catalog.pg_advisory_lock(77)", "SELECT pg_terminate_backend({sentinel})", "SELECT \"pg_terminate_backend\"({sentinel})",
        "SELECT pg_create_physical_replication_slot('fuzz_slot', true)", "SELECT set_config('work_mem', '1GB', false)", "SELECT lo_creat(-1)",
        "SELECT nextval('canary_seq')", "SET SESSION work_mem = '1GB'", "SELECT GET_LOCK('fuzz', 0)", "SELECT 1 INTO OUTFILE '/tmp/dqp_fuzz'",
        "SELECT * FROM canary FOR UPDATE", "ROLLBACK; DELETE FROM canary", "END; DELETE FROM canary", "SELECT pg_stat_reset()", "KILL {sentinel}",
    ];

    private NpgsqlConnection _pgSentinel = null!;
    private MySqlConnection _mySentinel = null!;

    public async Task InitializeAsync()
    {
        await postgres.ExecuteAsync("""
            DROP TABLE IF EXISTS canary; DROP SEQUENCE IF EXISTS canary_seq; CREATE SEQUENCE canary_seq;
            CREATE TABLE canary (id int PRIMARY KEY, v text); INSERT INTO canary SELECT g, md5(g::text) FROM generate_series(1, 50) g
            """);
        await mariadb.ExecuteAsync("DROP TABLE IF EXISTS canary");
        await mariadb.ExecuteAsync("CREATE TABLE canary (id INT PRIMARY KEY, v VARCHAR(64))");
        await mariadb.ExecuteAsync("INSERT INTO canary SELECT seq, md5(seq) FROM seq_1_to_50");
        _pgSentinel = new NpgsqlConnection(postgres.ConnectionString);
        await _pgSentinel.OpenAsync();
        _mySentinel = new MySqlConnection(mariadb.ConnectionString);
        await _mySentinel.OpenAsync();
    }

    public async Task DisposeAsync()
    {
        await _pgSentinel.DisposeAsync();
        await _mySentinel.DisposeAsync();
    }

    [Fact]
    public async Task QueryGuard_FuzzedOnPostgreSql_LetsNothingThroughThatChangesIt()
    {
        var connector = new PostgresConnector(TestGuards.Loopback());
        var before = await PostgresStateAsync();
        await FuzzAsync("postgresql", _pgSentinel.ProcessID, bypass: StartsLikeAQuery,
            sql => connector.QueryAsync(postgres.SourceSettings, new BoundQuery(sql, []), Timeout, DrainAsync, CancellationToken.None),
            async () => await PostgresStateAsync() == before);
    }

    [Fact]
    public async Task QueryGuard_FuzzedOnMariaDb_LetsNothingThroughThatChangesIt()
    {
        var connector = new MySqlSourceConnector(TestGuards.Loopback());
        var before = await MariaDbStateAsync();
        await FuzzAsync("mariadb", _mySentinel.ServerThread, bypass: sql => StartsLikeAQuery(sql) && sql.Contains(';', StringComparison.Ordinal),
            sql => connector.QueryAsync(mariadb.SourceSettings, new BoundQuery(sql, []), Timeout, DrainAsync, CancellationToken.None),
            async () => await MariaDbStateAsync() == before);
    }

    private static async Task<int> DrainAsync(SourceRead read, CancellationToken ct)
    {
        var rows = 0;
        while (rows < 100 && await read.Reader.ReadAsync(ct))
        {
            rows++;
        }

        return rows;
    }

    private static async Task FuzzAsync(string database, int sentinel, Func<string, bool> bypass, Func<string, Task<int>> run, Func<Task<bool>> unchanged)
    {
        var cases = Regressions(database).Concat(Generated(sentinel)).ToList();
        var accepted = 0;
        var failures = new List<string>();
        foreach (var sql in cases)
        {
            var lexerAccepts = Accepts(sql);
            if (!lexerAccepts && !bypass(sql))
            {
                continue;
            }

            accepted += lexerAccepts ? 1 : 0;
            try
            {
                await run(lexerAccepts ? ReadOnlySql.Require(sql, "sql") : sql);
            }
            catch (Exception e) when (e is DomainException or OperationCanceledException)
            {
                // Refused or failed: what matters is whether anything changed.
            }

            if (!await unchanged())
            {
                failures.Add(sql);
                await File.AppendAllTextAsync(RegressionFile, $"{database}\t{Convert.ToBase64String(Encoding.UTF8.GetBytes(sql))}\n");
                break; // the canary is changed now; later cases would all fail on it
            }
        }

        Assert.True(failures.Count == 0, $"{database}: changed by {string.Join(" | ", failures)} (kept in {RegressionFile})");
        Assert.True(accepted > 0, "the lexer accepted no generated statement, so the server-side layers were never reached through it");
    }

    private static bool Accepts(string sql)
    {
        try
        {
            ReadOnlySql.Require(sql, "sql");
            return true;
        }
        catch (ValidationException)
        {
            return false;
        }
    }

    private static bool StartsLikeAQuery(string sql) =>
        new[] { "SELECT", "WITH", "VALUES" }.Any(w => sql.TrimStart().StartsWith(w, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<string> Regressions(string database) =>
        File.Exists(RegressionFile)
            ? File.ReadAllLines(RegressionFile).Select(l => l.Split('\t')).Where(p => p.Length == 2 && p[0] == database)
                .Select(p => Encoding.UTF8.GetString(Convert.FromBase64String(p[1])))
            : [];

    private static IEnumerable<string> Generated(int sentinel)
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("DQP_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 20261207;
        var count = int.TryParse(Environment.GetEnvironmentVariable("DQP_FUZZ_CASES"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 1000;
        var random = new Random(seed);
        T Pick<T>(T[] from) => from[random.Next(from.Length)];
        for (var i = 0; i < count; i++)
        {
            var payload = Pick(Payloads).Replace("{sentinel}", sentinel.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            var hidden = string.Format(CultureInfo.InvariantCulture, Pick(Wrappers), Pick(Separators) + " " + payload + Pick(Separators));
            var sql = random.Next(3) switch
            {
                0 => $"{Pick(Heads)} {hidden}",
                1 => $"{Pick(Heads)} {hidden} {string.Format(CultureInfo.InvariantCulture, Pick(Wrappers), "x")}",
                _ => $"{Pick(Heads)}{Pick(Separators)} {payload}",
            };
            yield return sql;
        }
    }

    // Rows, tables, sequences, advisory locks on this database (other test classes' migrations take their own),
    // replication slots, large objects, the sentinel session.
    private async Task<string> PostgresStateAsync()
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT concat_ws('|',
              (SELECT count(*) || ':' || md5(string_agg(id || '=' || v, ',' ORDER BY id)) FROM canary),
              (SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace),
              (SELECT last_value || ':' || is_called FROM canary_seq),
              (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())),
              (SELECT count(*) FROM pg_replication_slots),
              (SELECT count(*) FROM pg_largeobject_metadata),
              (SELECT count(*) FROM pg_stat_activity WHERE pid = @sentinel))
            """, connection);
        command.Parameters.AddWithValue("sentinel", _pgSentinel.ProcessID);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task<string> MariaDbStateAsync()
    {
        await using var connection = new MySqlConnection(mariadb.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand("""
            SELECT CONCAT_WS('|',
              (SELECT CONCAT(COUNT(*), ':', MD5(GROUP_CONCAT(id, '=', v ORDER BY id))) FROM canary),
              (SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()),
              (SELECT COUNT(*) FROM information_schema.processlist WHERE id = @sentinel),
              IS_USED_LOCK('fuzz') IS NULL)
            """, connection);
        command.Parameters.AddWithValue("sentinel", _mySentinel.ServerThread);
        return (string)(await command.ExecuteScalarAsync())! + "|" + File.Exists("/tmp/dqp_fuzz");
    }
}
