using System.Data.Common;
using System.Globalization;
using DqPlatform.Domain.Queries;
using Npgsql;

namespace DqPlatform.Infrastructure.Connectors;

/// <summary>PostgreSQL, and Redshift, which speaks its wire protocol.</summary>
public sealed class PostgresConnector(SourceTargetGuard guard, bool explainPlans = true) : SourceConnector(guard)
{
    public override SqlDialect Dialect => PostgresDialect.Instance;

    protected override int DefaultPort => 5432;

    protected override string? PostgresDatabase(ConnectionSettings settings) => settings.Database;

    protected override async Task VerifyServerAsync(DbConnection connection, SourceTargetGuard guard, CancellationToken cancellationToken)
    {
        string systemIdentifier, database;
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = PostgresIdentity.Query;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            (systemIdentifier, database) = (reader.GetString(0), reader.GetString(1));
        }
        catch (PostgresException)
        {
            return; // Redshift, or a server that hides its control data: not the platform's, whose roles can always ask.
        }

        await guard.RequireNotPlatformAsync(systemIdentifier, database, cancellationToken);
    }

    protected override DbConnection CreateConnection(ConnectionSettings settings)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = settings.Host,
            Port = settings.Port ?? 5432,
            Database = settings.Database,
            Username = settings.User,
            Password = settings.Password,
            ApplicationName = "dq-platform",
            Timeout = 15,
            MaxPoolSize = 20,
            // Sensors compare with CURRENT_TIMESTAMP; a fixed zone keeps naive timestamps read as UTC.
            Timezone = "UTC",
        };
        if (settings.SslMode is { } ssl && Enum.TryParse<SslMode>(ssl, ignoreCase: true, out var mode))
        {
            builder.SslMode = mode;
        }

        if (settings.DefaultSchema is { } schema)
        {
            builder.SearchPath = schema;
        }

        return new NpgsqlConnection(builder.ConnectionString);
    }

    protected override async Task<DbTransaction> BeginReadOnlyAsync(DbConnection connection, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = "
            + ((long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return transaction;
    }

    // Positional mode (an unnamed parameter): Npgsql sends the text as written in one Parse message, and PostgreSQL
    // refuses a second statement in it. Without a parameter Npgsql would split the text at semicolons itself, reading
    // comments and quotes its own way. The extra int4 parameter is declared and never referenced, which PostgreSQL allows.
    protected override Task SealAsync(DbCommand command, CancellationToken cancellationToken)
    {
        if (command.Parameters.Count == 0)
        {
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer, Value = 0 });
        }

        return Task.CompletedTask;
    }

    // DISCARD ALL releases session advisory locks, resets settings and drops prepared statements and temp tables, now,
    // rather than when the pool next hands the connection out (an idle pooled session kept its locks for minutes).
    protected override async Task ResetSessionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "DISCARD ALL";
            command.CommandTimeout = 5;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DbException)
        {
            // A session that cannot be reset is broken; Npgsql does not pool a broken connection.
        }
    }

    // Redshift speaks the protocol but not EXPLAIN (VERBOSE, FORMAT JSON): there the lexer and the read-only
    // transaction are the guards, and runs are attributed by result columns.
    protected override async Task<string?> PlanUserSqlAsync(DbCommand command, string sql, IReadOnlyList<object?> values, CancellationToken cancellationToken)
    {
        if (!explainPlans)
        {
            return null;
        }

        Bind(command, "EXPLAIN (VERBOSE, FORMAT JSON) " + sql, values);
        await SealAsync(command, cancellationToken);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    protected override Task RequireHarmlessAsync(DbCommand command, string? plan, CancellationToken cancellationToken) =>
        plan is null ? Task.CompletedTask : PostgresFunctionGuard.RequireHarmlessAsync(command, plan, cancellationToken);

    protected override Task<bool> MayReadUnplannedAsync(DbCommand command, string plan, CancellationToken cancellationToken) =>
        PostgresFunctionGuard.MayReadUnplannedAsync(command, plan, cancellationToken);

    // pg_inherits holds declarative partitions and inheritance children alike; only catalogs are read.
    protected override async Task<IReadOnlyList<DatasetRead>> ParentsAsync(DbCommand command, IReadOnlyList<DatasetRead> datasets, CancellationToken cancellationToken)
    {
        if (datasets.Count == 0)
        {
            return [];
        }

        command.Parameters.Clear();
        command.CommandText = """
            WITH RECURSIVE up(oid) AS (
                SELECT i.inhparent FROM pg_inherits i WHERE i.inhrelid = ANY (SELECT to_regclass(t)::oid FROM unnest($1::text[]) t)
                UNION SELECT i.inhparent FROM pg_inherits i JOIN up ON i.inhrelid = up.oid)
            SELECT n.nspname, c.relname FROM up JOIN pg_class c ON c.oid = up.oid JOIN pg_namespace n ON n.oid = c.relnamespace
            """;
        var parameter = command.CreateParameter();
        parameter.Value = datasets.Select(d => Dialect.Table(d.Schema, d.Table)).ToArray();
        command.Parameters.Add(parameter);
        var parents = new List<DatasetRead>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            parents.Add(new DatasetRead(reader.GetString(0), reader.GetString(1), null));
        }

        return parents;
    }

    protected override async Task<IReadOnlyList<DatasetRead>?> DatasetsReadAsync(DbCommand command, string? json, CancellationToken cancellationToken)
    {
        if (json is null)
        {
            return null;
        }

        var plan = PostgresPlans.Parse(json);
        if (plan.SingleTable is not { } table)
        {
            return plan.Datasets();
        }

        command.Parameters.Clear();
        command.CommandText = "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped";
        var parameter = command.CreateParameter();
        parameter.Value = Dialect.Table(table.Schema, table.Table);
        command.Parameters.Add(parameter);
        var columns = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                columns.Add(reader.GetString(0));
            }
        }

        return plan.Datasets(columns);
    }
}
