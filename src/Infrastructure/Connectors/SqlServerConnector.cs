using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;

namespace DqPlatform.Infrastructure.Connectors;

/// <summary>
/// SQL Server has no read-only transaction: sensors run in a transaction that is always rolled back, the connection
/// declares read-only intent, and user SQL passes <see cref="Domain.Checks.ReadOnlySql"/> first. Give it a login
/// with read permissions only.
/// </summary>
public sealed class SqlServerConnector(SourceTargetGuard guard) : SourceConnector(guard)
{
    public override SqlDialect Dialect => SqlServerDialect.Instance;

    protected override int DefaultPort => 1433;

    protected override DbConnection CreateConnection(ConnectionSettings settings)
    {
        var builder = new SqlConnectionStringBuilder
        {
            DataSource = $"tcp:{settings.Host},{settings.Port ?? DefaultPort}",
            InitialCatalog = settings.Database,
            UserID = settings.User,
            Password = settings.Password,
            ApplicationName = "dq-platform",
            ApplicationIntent = ApplicationIntent.ReadOnly,
            ConnectTimeout = 15,
            MaxPoolSize = 20,
            Encrypt = settings.SslMode?.Equals("disable", StringComparison.OrdinalIgnoreCase) == true
                ? SqlConnectionEncryptOption.Optional
                : SqlConnectionEncryptOption.Mandatory,
        };
        return new SqlConnection(builder.ConnectionString);
    }

    protected override async Task<DbTransaction> BeginReadOnlyAsync(DbConnection connection, TimeSpan timeout, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
}
