using Npgsql;

namespace DqPlatform.Bench;

/// <summary>
/// Dashboard-scale data in one workspace: 10,000 checks, 1,000,000 results over 30 days, 5,000 incidents. One check runs
/// every minute (43,200 of the results, the result series' figure); the others share the rest. Results are stored in
/// time order, as runs store them. Written with set-based SQL; triggers are skipped during the load and the
/// latest-result pointers (and last outcomes) are set once at the end.
/// </summary>
public static class DashboardData
{
    /// <summary>A result a minute for 30 days.</summary>
    public const int MinuteCheckResults = 43_200;

    /// <returns>The check that runs every minute.</returns>
    public static async Task<Guid> SeedAsync(string connectionString, Guid workspaceId, int checks, int results, int incidents)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        async Task Exec(string sql)
        {
            await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
            cmd.Parameters.AddWithValue("ws", workspaceId);
            cmd.Parameters.AddWithValue("checks", checks);
            cmd.Parameters.AddWithValue("results", results);
            cmd.Parameters.AddWithValue("incidents", incidents);
            cmd.Parameters.AddWithValue("minute", MinuteCheckResults);
            await cmd.ExecuteNonQueryAsync();
        }

        await Exec("SELECT dq.ensure_monthly_partitions('check_results', (now() - interval '40 days')::date, 2)");
        await Exec("INSERT INTO dq.connections (workspace_id, name, type, config_encrypted) SELECT @ws, 'source-' || g, 'postgresql', '\\x00' FROM generate_series(1, 20) g");
        await Exec("""
            INSERT INTO dq.check_definitions (connection_id, name, check_type, target_type, target_schema, target_table, target_column, severity, enabled, tags)
            SELECT c.id, 'check-' || g, CASE WHEN g % 2 = 0 THEN 'row_count' ELSE 'null_percent' END,
                   CASE WHEN g % 2 = 0 THEN 'table'::dq.check_target_type ELSE 'column'::dq.check_target_type END,
                   'public', 'table_' || (g % 400), CASE WHEN g % 2 = 0 THEN NULL ELSE 'col' END,
                   (ARRAY['warning','error','fatal']::dq.check_severity[])[1 + g % 3], g % 10 <> 0, ARRAY['daily']
            FROM generate_series(1, @checks) g
            JOIN LATERAL (SELECT id FROM dq.connections WHERE workspace_id = @ws ORDER BY name OFFSET (g % 20) LIMIT 1) c ON true
            """);
        await Exec("SET session_replication_role = replica");
        await Exec("""
            WITH c AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM dq.check_definitions)
            INSERT INTO dq.check_results (check_id, executed_at, execution_time_ms, sensor_value, rule_passed, severity)
            SELECT * FROM (
                SELECT c.id, now() - (g * interval '30 days' / (@results - @minute)), 10 + g % 90, g % 1000, g % 7 <> 0,
                       CASE WHEN g % 7 = 0 THEN 'error'::dq.check_severity END
                FROM generate_series(1, @results - @minute) g JOIN c ON c.n = 2 + g % (@checks - 1)
                UNION ALL
                SELECT c.id, date_trunc('minute', now()) - g * interval '1 minute', 10 + g % 90, g % 1000, g % 7 <> 0,
                       CASE WHEN g % 7 = 0 THEN 'error'::dq.check_severity END
                FROM generate_series(0, @minute - 1) g JOIN c ON c.n = 1) r
            ORDER BY 2
            """);
        await Exec("SET session_replication_role = origin");
        await Exec("""
            UPDATE dq.check_definitions d SET latest_result_id = r.id, latest_result_at = r.executed_at,
                latest_outcome = CASE WHEN r.error_message IS NOT NULL THEN 'error' WHEN r.rule_passed THEN 'passed' ELSE 'failed' END::dq.check_outcome
            FROM (SELECT DISTINCT ON (check_id) check_id, id, executed_at, rule_passed, error_message FROM dq.check_results
                  ORDER BY check_id, executed_at DESC, id DESC) r
            WHERE r.check_id = d.id
            """);
        await Exec("""
            INSERT INTO dq.incidents (check_id, status, severity, failure_count, first_seen, last_seen)
            SELECT id, (ARRAY['open','acknowledged','resolved']::dq.incident_status[])[1 + n % 3], severity, 1 + n % 20,
                   now() - n * interval '1 minute', now()
            FROM (SELECT id, severity, row_number() OVER (ORDER BY id) AS n FROM dq.check_definitions) c
            WHERE n <= @incidents
            """);
        // Settle the freshly loaded tables (visibility map, statistics) so autovacuum does not run during measurements.
        await Exec("VACUUM (ANALYZE)");
        await using var minute = new NpgsqlCommand("SELECT id FROM dq.check_definitions ORDER BY id LIMIT 1", conn);
        return (Guid)(await minute.ExecuteScalarAsync())!;
    }
}
