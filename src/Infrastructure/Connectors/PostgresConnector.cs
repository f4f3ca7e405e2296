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

    // Redshift speaks the protocol but not EXPLAIN (VERBOSE, FORMAT JSON): its runs are attributed by result columns.
    protected override async Task<IReadOnlyList<DatasetRead>?> DatasetsReadAsync(DbCommand command, BoundQuery query, CancellationToken cancellationToken)
    {
        if (!explainPlans)
        {
            return null;
        }

        Bind(command, query);
        command.CommandText = "EXPLAIN (VERBOSE, FORMAT JSON) " + query.Sql;
        if (await command.ExecuteScalarAsync(cancellationToken) is not string json)
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
