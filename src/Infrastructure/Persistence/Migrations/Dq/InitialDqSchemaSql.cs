namespace DqPlatform.Infrastructure.Persistence.Migrations.Dq;

/// <summary>
/// The parts of seed 002's DDL that EF Core cannot express: enum types in the seed's label order (EF sorts labels,
/// PostgreSQL orders enum values by declaration and the severity ordering depends on it), monthly range partitions
/// with a DEFAULT partition, the routine that creates months ahead, and the latest-result pointer.
/// </summary>
internal static class InitialDqSchemaSql
{
    public const string EnumTypes = """
        CREATE TYPE dq.connection_type AS ENUM ('postgresql', 'mysql', 'sqlserver', 'bigquery', 'snowflake', 'redshift', 'databricks');
        CREATE TYPE dq.connection_status AS ENUM ('unknown', 'healthy', 'unhealthy', 'error');
        CREATE TYPE dq.check_target_type AS ENUM ('table', 'column');
        CREATE TYPE dq.check_severity AS ENUM ('warning', 'error', 'fatal');
        CREATE TYPE dq.incident_status AS ENUM ('open', 'acknowledged', 'resolved');
        CREATE TYPE dq.job_status AS ENUM ('queued', 'running', 'completed', 'failed', 'cancelled');
        """;

    public const string AuditLogTable = """
        CREATE TABLE dq.audit_log (
            id BIGINT GENERATED ALWAYS AS IDENTITY,
            workspace_id UUID NOT NULL,
            entity_type VARCHAR(50) NOT NULL,
            entity_id UUID NOT NULL,
            action VARCHAR(20) NOT NULL,
            api_key_id UUID,
            changes JSONB,
            created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
            CONSTRAINT pk_audit_log PRIMARY KEY (created_at, id)
        ) PARTITION BY RANGE (created_at);
        CREATE TABLE dq.audit_log_default PARTITION OF dq.audit_log DEFAULT;
        """;

    public const string CheckResultsTable = """
        CREATE TABLE dq.check_results (
            id BIGINT GENERATED ALWAYS AS IDENTITY,
            check_id UUID NOT NULL,
            executed_at TIMESTAMPTZ NOT NULL,
            execution_time_ms INTEGER,
            sensor_value NUMERIC,
            rule_passed BOOLEAN NOT NULL,
            severity dq.check_severity,
            error_message TEXT,
            CONSTRAINT pk_check_results PRIMARY KEY (executed_at, id),
            CONSTRAINT fk_check_results_check_definitions_check_id FOREIGN KEY (check_id)
                REFERENCES dq.check_definitions (id) ON DELETE CASCADE
        ) PARTITION BY RANGE (executed_at);
        CREATE TABLE dq.check_results_default PARTITION OF dq.check_results DEFAULT;
        """;

    // Month bounds are UTC whatever the session's TimeZone. Rows that already landed in the DEFAULT partition for a
    // month about to get its own partition are moved into it, so creating a month never fails and loses nothing.
    // The advisory lock serialises API nodes that start together.
    public const string PartitionRoutine = """
        CREATE FUNCTION dq.ensure_monthly_partitions(p_table text, p_from date, p_months_ahead integer)
        RETURNS integer LANGUAGE plpgsql AS $fn$
        DECLARE
            v_key text;
            v_month date;
            v_lo timestamptz;
            v_hi timestamptz;
            v_name text;
            v_created integer := 0;
        BEGIN
            v_key := CASE p_table WHEN 'check_results' THEN 'executed_at' WHEN 'audit_log' THEN 'created_at' END;
            IF v_key IS NULL THEN
                RAISE EXCEPTION 'dq.ensure_monthly_partitions: % is not partitioned by month', p_table;
            END IF;
            PERFORM pg_advisory_xact_lock(hashtext('dq.ensure_monthly_partitions:' || p_table));
            FOR i IN 0..p_months_ahead LOOP
                v_month := (date_trunc('month', p_from) + make_interval(months => i))::date;
                v_lo := v_month::timestamp AT TIME ZONE 'UTC';
                v_hi := (v_month + interval '1 month')::timestamp AT TIME ZONE 'UTC';
                v_name := p_table || '_' || to_char(v_month, 'YYYY_MM');
                CONTINUE WHEN to_regclass(format('dq.%I', v_name)) IS NOT NULL;
                EXECUTE format(
                    'CREATE TEMP TABLE dq_partition_moved ON COMMIT DROP AS WITH moved AS (DELETE FROM dq.%I WHERE %I >= %L AND %I < %L RETURNING *) SELECT * FROM moved',
                    p_table || '_default', v_key, v_lo, v_key, v_hi);
                EXECUTE format('CREATE TABLE dq.%I PARTITION OF dq.%I FOR VALUES FROM (%L) TO (%L)', v_name, p_table, v_lo, v_hi);
                EXECUTE format('INSERT INTO dq.%I OVERRIDING SYSTEM VALUE SELECT * FROM dq_partition_moved', p_table);
                DROP TABLE dq_partition_moved;
                v_created := v_created + 1;
            END LOOP;
            RETURN v_created;
        END
        $fn$;

        SELECT dq.ensure_monthly_partitions('check_results', (now() AT TIME ZONE 'UTC')::date, 3);
        SELECT dq.ensure_monthly_partitions('audit_log', (now() AT TIME ZONE 'UTC')::date, 3);
        """;

    // Every insert path (workers, imports, tests) keeps check_definitions.latest_result_* right, and an older result
    // stored late never moves the pointer backwards.
    public const string LatestResultPointer = """
        CREATE FUNCTION dq.track_latest_check_result() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            UPDATE dq.check_definitions
               SET latest_result_id = NEW.id, latest_result_at = NEW.executed_at
             WHERE id = NEW.check_id
               AND (latest_result_at IS NULL OR (latest_result_at, latest_result_id) < (NEW.executed_at, NEW.id));
            RETURN NULL;
        END
        $fn$;

        CREATE TRIGGER check_results_track_latest AFTER INSERT ON dq.check_results
            FOR EACH ROW EXECUTE FUNCTION dq.track_latest_check_result();
        """;

    public const string DropRoutines = """
        DROP TRIGGER IF EXISTS check_results_track_latest ON dq.check_results;
        DROP FUNCTION IF EXISTS dq.track_latest_check_result();
        DROP FUNCTION IF EXISTS dq.ensure_monthly_partitions(text, date, integer);
        """;

    public const string DropEnumTypes = """
        DROP TYPE IF EXISTS dq.job_status;
        DROP TYPE IF EXISTS dq.incident_status;
        DROP TYPE IF EXISTS dq.check_severity;
        DROP TYPE IF EXISTS dq.check_target_type;
        DROP TYPE IF EXISTS dq.connection_status;
        DROP TYPE IF EXISTS dq.connection_type;
        """;
}
