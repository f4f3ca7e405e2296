using System.Data;
using System.Data.Common;
using System.Globalization;
using MySqlConnector;

namespace DqPlatform.Infrastructure.Connectors;

/// <summary>MySQL and MariaDB through MySqlConnector.</summary>
public sealed class MySqlSourceConnector(SourceTargetGuard guard) : SourceConnector(guard)
{
    public override SqlDialect Dialect => MySqlDialect.Instance;

    protected override int DefaultPort => 3306;

    protected override DbConnection CreateConnection(ConnectionSettings settings)
    {
        var builder = new MySqlConnectionStringBuilder
        {
            Server = settings.Host,
            Port = (uint)(settings.Port ?? 3306),
            Database = settings.Database,
            UserID = settings.User,
            Password = settings.Password,
            ApplicationName = "dq-platform",
            ConnectionTimeout = 15,
            MaximumPoolSize = 20,
            CancellationTimeout = 5,
            // The sealed statement refers to server-side user variables (@dqp_sql, @dqp_p0…), not to driver parameters.
            AllowUserVariables = true,
            AllowLoadLocalInfile = false,
        };
        if (settings.SslMode is { } ssl && Enum.TryParse<MySqlSslMode>(ssl, ignoreCase: true, out var mode))
        {
            builder.SslMode = mode;
        }

        return new MySqlConnection(builder.ConnectionString);
    }

    protected override async Task<DbTransaction> BeginReadOnlyAsync(DbConnection connection, TimeSpan timeout, CancellationToken cancellationToken) =>
        await ((MySqlConnection)connection).BeginTransactionAsync(IsolationLevel.RepeatableRead, isReadOnly: true, cancellationToken);

    /// <summary>
    /// MySqlConnector sends a command's text as one COM_QUERY on a connection that allows several statements in it, and
    /// offers no switch to forbid them. So the user text travels as a value into a server-side <c>PREPARE</c>, which
    /// takes exactly one statement ("the text must represent a single statement") and refuses anything more, and the
    /// command becomes <c>EXECUTE</c> of it, with the values bound through user variables.
    /// </summary>
    protected override async Task SealAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var setup = command.Connection!.CreateCommand();
        setup.Transaction = command.Transaction;
        setup.CommandTimeout = command.CommandTimeout;
        var assignments = new List<string> { "@dqp_sql = @sql" };
        setup.Parameters.Add(new MySqlParameter("@sql", command.CommandText));
        var names = new List<string>();
        for (var i = 0; i < command.Parameters.Count; i++)
        {
            var name = "@dqp_p" + i.ToString(CultureInfo.InvariantCulture);
            assignments.Add($"{name} = @v{i.ToString(CultureInfo.InvariantCulture)}");
            setup.Parameters.Add(new MySqlParameter("@v" + i.ToString(CultureInfo.InvariantCulture), command.Parameters[i].Value));
            names.Add(name);
        }

        setup.CommandText = "SET " + string.Join(", ", assignments);
        await setup.ExecuteNonQueryAsync(cancellationToken);
        setup.Parameters.Clear();
        setup.CommandText = "PREPARE dqp_user FROM @dqp_sql";
        await setup.ExecuteNonQueryAsync(cancellationToken);
        command.Parameters.Clear();
        command.CommandText = names.Count == 0 ? "EXECUTE dqp_user" : "EXECUTE dqp_user USING " + string.Join(", ", names);
    }

    // Releases GET_LOCK locks, user variables, prepared statements and session settings now, not when the pool next
    // hands the connection out.
    protected override async Task ResetSessionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (connection.State != ConnectionState.Open)
        {
            return;
        }

        try
        {
            await ((MySqlConnection)connection).ResetConnectionAsync(cancellationToken);
        }
        catch (DbException)
        {
            // A session that cannot be reset is broken; the pool does not reuse a broken connection.
        }
    }
}
