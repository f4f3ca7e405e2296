using System.Data;
using System.Data.Common;
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
        };
        if (settings.SslMode is { } ssl && Enum.TryParse<MySqlSslMode>(ssl, ignoreCase: true, out var mode))
        {
            builder.SslMode = mode;
        }

        return new MySqlConnection(builder.ConnectionString);
    }

    protected override async Task<DbTransaction> BeginReadOnlyAsync(DbConnection connection, TimeSpan timeout, CancellationToken cancellationToken) =>
        await ((MySqlConnection)connection).BeginTransactionAsync(IsolationLevel.RepeatableRead, isReadOnly: true, cancellationToken);
}
