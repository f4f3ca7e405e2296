using DqPlatform.Domain.Common;
using DqPlatform.Domain.Connections;

namespace DqPlatform.Infrastructure.Connectors;

/// <summary>Finds the connector for a connection type; types without a driver here answer UNSUPPORTED_CONNECTOR.</summary>
public sealed class SourceConnectors(SourceTargetGuard guard)
{
    private readonly SourceConnector _postgres = new PostgresConnector(guard);
    private readonly SourceConnector _redshift = new PostgresConnector(guard, explainPlans: false);
    private readonly SourceConnector _mySql = new MySqlSourceConnector(guard);
    private readonly SourceConnector _sqlServer = new SqlServerConnector(guard);

    public SourceConnector For(ConnectionType type) => type switch
    {
        ConnectionType.Postgresql => _postgres,
        ConnectionType.Redshift => _redshift,
        ConnectionType.Mysql => _mySql,
        ConnectionType.Sqlserver => _sqlServer,
        _ => throw new UnsupportedConnectorException(
            $"Connections of type '{type.ToString().ToLowerInvariant()}' are accepted, but no driver for them is installed on this server yet."),
    };

    /// <summary>Refuses a config that points at the platform's own stores or outside the network policy (when saved).</summary>
    public async Task CheckTargetAsync(ConnectionType type, string configJson, CancellationToken cancellationToken)
    {
        if (type is not (ConnectionType.Postgresql or ConnectionType.Redshift or ConnectionType.Mysql or ConnectionType.Sqlserver))
        {
            return;
        }

        var (host, port, database) = ConnectionSettings.TargetOf(configJson);
        if (host is not null)
        {
            await For(type).CheckTargetAsync(new ConnectionSettings(host, port, database ?? "", "", null, null, null), cancellationToken);
        }
    }
}
