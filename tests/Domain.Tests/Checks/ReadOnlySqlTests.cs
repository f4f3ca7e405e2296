using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Tests.Checks;

public sealed class ReadOnlySqlTests
{
    [Theory]
    [InlineData("SELECT count(*) FROM orders")]
    [InlineData("  with recent as (select * from orders) select count(*) from recent ;  ")]
    [InlineData("SELECT 'DELETE; DROP TABLE x' AS words FROM t")]
    [InlineData("SELECT \"update\" FROM t -- delete everything\n")]
    [InlineData("SELECT 1 /* INSERT INTO x */")]
    [InlineData("SELECT $$ a dollar-quoted text $$")]
    [InlineData("SELECT 1 AS total$usd, arr[1] FROM t")]
    [InlineData("SELECT 1 -- a comment\n, '#' AS hash")]
    [InlineData("VALUES (1)")]
    [InlineData("SELECT 1 /* outer /* inner */ still the outer comment */ AS x")]
    [InlineData("SELECT \"total\"(x) FROM t")] // a quoted name that calls nothing refused
    public void Require_WithReadOnlyQuery_Passes(string sql) => Assert.NotEmpty(ReadOnlySql.Require(sql, "sql"));

    [Theory]
    [InlineData("DELETE FROM orders")]
    [InlineData("SELECT 1; DROP TABLE orders")]
    [InlineData("WITH gone AS (DELETE FROM orders RETURNING *) SELECT count(*) FROM gone")]
    [InlineData("SELECT * INTO copy_of_orders FROM orders")]
    [InlineData("SELECT setval('orders_id_seq', 1)")]
    [InlineData("SELECT dblink_exec('host=x', 'DELETE FROM t')")]
    [InlineData("COPY (SELECT 1) TO PROGRAM 'rm -rf /'")]
    [InlineData("SELECT pg_terminate_backend(42)")]
    [InlineData("SELECT 'a\\'', 1; DELETE FROM t; -- '")]
    [InlineData("SELECT 'a\\', (DELETE FROM t) '")]
    // Text one database reads as a quote or comment and another as code: refused under every reading.
    [InlineData("SELECT 1 AS x$a$, dblink_exec('h', 'DELETE FROM t'), 1 AS y$a$")]
    [InlineData("SELECT 1 AS [a'b]; DELETE FROM t; SELECT 1 AS [c'd]")]
    [InlineData("SELECT 1--1; COMMIT; DELETE FROM t")]
    [InlineData("SELECT 1 /*! ; DELETE FROM t */")]
    [InlineData("SELECT E'\\'', 1; DELETE FROM t; --'")]
    [InlineData("SELECT $$ drop table x; $$")]
    [InlineData("SELECT 1 /* unterminated")]
    [InlineData("SELECT 'unterminated")]
    [InlineData("")]
    // Issue 25, finding 1: PostgreSQL nests block comments, so the quote inside is no quote and '; COMMIT; DELETE' is code.
    [InlineData("SELECT 1 /* /* */ ' */ ; COMMIT; DELETE FROM t WHERE id = 50; SELECT ' -- '\n")]
    [InlineData("SELECT 1 /* /* */ */ ; DELETE FROM t")]
    // Finding 2: quoted function names call the function all the same.
    [InlineData("select \"pg_terminate_backend\"(pid) from pg_stat_activity")]
    [InlineData("select \"pg_read_file\"('PG_VERSION')")]
    [InlineData("select \"pg_advisory_lock\"(1)")]
    [InlineData("select pg_create_physical_replication_slot('x', true)")]
    [InlineData("select pg_stat_reset()")]
    [InlineData("select [pg_terminate_backend](1)")]
    // Finding 3: MariaDB's executable comments and MySQL's optimizer hints.
    [InlineData("SELECT 'x' /*M! INTO OUTFILE '/tmp/x' */")]
    [InlineData("SELECT 'x' /*m!100100 INTO OUTFILE '/tmp/x' */")]
    [InlineData("SELECT /*+ SET_VAR(sql_mode='') */ 1")]
    [InlineData("SELECT `sleep`(1)")]
    public void Require_WithWriteOrTrick_IsRefused(string sql)
    {
        var error = Assert.Throws<ValidationException>(() => ReadOnlySql.Require(sql, "config.sql"));
        Assert.Equal("config.sql", error.Field);
    }

    [Fact]
    public void Require_WithTrailingSemicolon_DropsIt() => Assert.Equal("SELECT 1", ReadOnlySql.Require("SELECT 1;", "sql"));
}
