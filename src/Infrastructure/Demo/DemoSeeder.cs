using System.Text.Json;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Connections;
using DqPlatform.Domain.Scheduling;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using System.Security.Cryptography;
using Npgsql;

namespace DqPlatform.Infrastructure.Demo;

/// <summary>
/// What the run command shows on a fresh machine: a source database <c>dqp_demo</c> with a small shop whose data has
/// real problems (missing and duplicate emails, negative amounts, unknown statuses, a stale event feed), a connection
/// to it, and a dozen checks on one-minute schedules, plus monitors, a weekly traffic pattern and a schema that
/// drifted (<see cref="DemoMonitors"/>). Idempotent: existing pieces are left as they are.
/// The connection logs in as <see cref="ReaderRole"/>, which may connect to <c>dqp_demo</c> alone and only read its
/// <c>shop</c> tables: the demo lives on the platform's own cluster, so it must not be a way into the platform's
/// database or other sessions' statements. Its password is new at every start and kept only in the connection.
/// </summary>
public sealed class DemoSeeder(DqDbContext db, ConnectionConfigProtector protector, IClock clock, DemoMonitors monitors)
{
    public const string ConnectionName = "demo shop (local PostgreSQL)";

    public const string ReaderRole = "dqp_demo_reader";

    public async Task EnsureAsync(Guid workspaceId, string serverConnectionString, CancellationToken cancellationToken)
    {
        var source = await EnsureSourceDatabaseAsync(serverConnectionString, cancellationToken);
        var sourceConfig = protector.Protect(JsonSerializer.Serialize(new
        {
            host = source.Host, port = source.Port, database = source.Database, user = source.Username, password = source.Password, sslMode = "Disable",
        }));
        var connection = await db.Connections.SingleOrDefaultAsync(c => c.WorkspaceId == workspaceId && c.Name == ConnectionName, cancellationToken);
        if (connection is null)
        {
            connection = new Connection
            {
                WorkspaceId = workspaceId,
                Name = ConnectionName,
                Type = ConnectionType.Postgresql,
                ConfigEncrypted = sourceConfig,
                Status = ConnectionStatus.Healthy,
                LastTestedAt = clock.UtcNow,
            };
            db.Connections.Add(connection);
        }
        else
        {
            connection.ConfigEncrypted = sourceConfig; // the reader's new password
        }

        await db.SaveChangesAsync(cancellationToken);

        var existing = await db.CheckDefinitions.Where(c => c.ConnectionId == connection.Id).Select(c => c.Name).ToListAsync(cancellationToken);
        foreach (var (name, type, table, column, config, severity) in Checks().Where(c => !existing.Contains(c.Name)))
        {
            var now = clock.UtcNow;
            var check = CheckDefinition.Define(connection.Id, new CheckSpec(name, type, "shop", table, column, config, ["demo"], Severity: severity));
            db.CheckDefinitions.Add(check);
            var schedule = Schedule.Define(check.Id, "* * * * *", "UTC", enabled: true, now);
            schedule.Check = check;
            schedule.DueNow(now);
            db.Schedules.Add(schedule);
        }

        await db.SaveChangesAsync(cancellationToken);
        var sourceAdmin = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = "dqp_demo", Pooling = false };
        await monitors.EnsureAsync(workspaceId, connection.Id, sourceAdmin.ConnectionString, ReaderRole, cancellationToken);
    }

    private static IEnumerable<(string Name, string Type, string Table, string? Column, string Config, CheckSeverity Severity)> Checks() =>
    [
        ("customers exist", "row_count", "customers", null, """{"min": 100}""", CheckSeverity.Fatal),
        ("customer emails present", "null_percent", "customers", "email", """{"max": 1}""", CheckSeverity.Error),
        ("customer emails unique", "duplicate_count", "customers", "email", """{"max": 0}""", CheckSeverity.Error),
        ("customer emails well formed", "regex_match_percent", "customers", "email", """{"pattern": "^[^@ ]+@[^@ ]+\\.[a-z]+$", "min": 99}""", CheckSeverity.Warning),
        ("order amounts not negative", "min_value", "orders", "amount", """{"min": 0}""", CheckSeverity.Error),
        ("order amounts plausible", "max_value", "orders", "amount", """{"max": 5000}""", CheckSeverity.Warning),
        ("order statuses known", "accepted_values_percent", "orders", "status", """{"values": ["new", "paid", "shipped", "cancelled"], "min": 100}""", CheckSeverity.Error),
        ("orders fresh", "freshness", "orders", "ordered_at", """{"maxAgeSeconds": 86400}""", CheckSeverity.Fatal),
        ("events fresh", "freshness", "events", "occurred_at", """{"maxAgeSeconds": 3600}""", CheckSeverity.Error),
        ("orders volume normal", "anomaly", "orders", null, """{"maxStdDevs": 3, "window": 14}""", CheckSeverity.Warning),
        ("orders schema stable", "column_count", "orders", null, """{"min": 6, "max": 6}""", CheckSeverity.Warning),
        ("paid orders have amounts", "custom_sql", "orders", null,
            """{"sql": "SELECT count(*) FROM shop.orders WHERE status = 'paid' AND amount IS NULL", "max": 0}""", CheckSeverity.Error),
    ];

    private static async Task<NpgsqlConnectionStringBuilder> EnsureSourceDatabaseAsync(string serverConnectionString, CancellationToken cancellationToken)
    {
        var admin = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = "postgres", Pooling = false };
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = 'dqp_demo'", connection);
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                await using var create = new NpgsqlCommand("CREATE DATABASE dqp_demo", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        var platform = new NpgsqlConnectionStringBuilder(serverConnectionString);
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            // DDL takes no parameters: the password is base64url (no quote can occur); database names go through the
            // server's own format('%I').
            await using (var role = new NpgsqlCommand(ReaderRoleSql.Replace("@password", password, StringComparison.Ordinal), connection))
            {
                await role.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var closing = new NpgsqlCommand(
                "SELECT format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', datname) FROM pg_database WHERE datname = ANY(@closed)", connection);
            closing.Parameters.AddWithValue("closed", new[] { platform.Database ?? "postgres", "postgres" });
            var revokes = new List<string>();
            await using (var reader = await closing.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    revokes.Add(reader.GetString(0));
                }
            }

            foreach (var revoke in revokes)
            {
                await using var command = new NpgsqlCommand(revoke, connection);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        var source = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = "dqp_demo" };
        await using (var connection = new NpgsqlConnection(source.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var seed = new NpgsqlCommand(SourceSql + ReaderGrantsSql, connection);
            await seed.ExecuteNonQueryAsync(cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder { Host = platform.Host, Port = platform.Port, Database = "dqp_demo", Username = ReaderRole, Password = password };
    }

    private const string ReaderRoleSql = $"""
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ReaderRole}') THEN
            CREATE ROLE {ReaderRole} LOGIN NOINHERIT CONNECTION LIMIT 10;
          END IF;
        END $$;
        ALTER ROLE {ReaderRole} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT PASSWORD '@password';
        ALTER ROLE {ReaderRole} SET default_transaction_read_only = on;
        REVOKE CONNECT, TEMPORARY ON DATABASE dqp_demo FROM PUBLIC;
        GRANT CONNECT ON DATABASE dqp_demo TO {ReaderRole};
        """;

    private const string ReaderGrantsSql = $"""

        REVOKE ALL ON SCHEMA public FROM PUBLIC;
        GRANT USAGE ON SCHEMA shop TO {ReaderRole};
        GRANT SELECT ON ALL TABLES IN SCHEMA shop TO {ReaderRole};
        """;

    // Deterministic "random" data with its problems planted at known rates; orders keep arriving (see the last
    // statement), the event feed stopped three days ago.
    private const string SourceSql = """
        CREATE SCHEMA IF NOT EXISTS shop;
        CREATE TABLE IF NOT EXISTS shop.customers (id int PRIMARY KEY, email text, country text NOT NULL, created_at timestamptz NOT NULL);
        CREATE TABLE IF NOT EXISTS shop.orders (id bigserial PRIMARY KEY, customer_id int NOT NULL, amount numeric(12,2), status text NOT NULL,
            ordered_at timestamptz NOT NULL, shipped_at timestamptz);
        CREATE TABLE IF NOT EXISTS shop.events (id bigserial PRIMARY KEY, kind text NOT NULL, payload_size int NOT NULL, occurred_at timestamptz NOT NULL);
        INSERT INTO shop.customers
        SELECT i,
               CASE WHEN i % 14 = 0 THEN NULL WHEN i % 23 = 0 THEN 'user' || (i - 1) || '@example.com'
                    WHEN i % 31 = 0 THEN 'user' || i || ' at example.com' ELSE 'user' || i || '@example.com' END,
               (ARRAY['DE', 'FR', 'NL', 'US', 'GB'])[1 + i % 5], now() - (i || ' hours')::interval
        FROM generate_series(1, 2000) i
        WHERE NOT EXISTS (SELECT 1 FROM shop.customers);
        INSERT INTO shop.orders (customer_id, amount, status, ordered_at, shipped_at)
        SELECT 1 + i % 2000,
               CASE WHEN i % 97 = 0 THEN -abs(i % 50) WHEN i % 211 = 0 THEN 25000 WHEN i % 150 = 0 THEN NULL ELSE round((10 + (i * 37) % 490)::numeric, 2) END,
               CASE WHEN i % 61 = 0 THEN 'lost' WHEN i % 5 = 0 THEN 'shipped' WHEN i % 3 = 0 THEN 'paid' ELSE 'new' END,
               now() - (i || ' minutes')::interval, NULL
        FROM generate_series(1, 20000) i
        WHERE NOT EXISTS (SELECT 1 FROM shop.orders);
        INSERT INTO shop.events (kind, payload_size, occurred_at)
        SELECT (ARRAY['click', 'view', 'purchase'])[1 + i % 3], 100 + i % 900, now() - interval '3 days' - (i || ' seconds')::interval
        FROM generate_series(1, 5000) i
        WHERE NOT EXISTS (SELECT 1 FROM shop.events);
        INSERT INTO shop.orders (customer_id, amount, status, ordered_at)
        SELECT 1 + (random() * 1999)::int, round((10 + random() * 490)::numeric, 2), 'new', now() FROM generate_series(1, 5);
        """;
}
