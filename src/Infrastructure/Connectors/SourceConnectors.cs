using DqPlatform.Domain.Common;
using DqPlatform.Domain.Connections;

namespace DqPlatform.Infrastructure.Connectors;

/// <summary>Finds the connector for a connection type; types without a driver here answer UNSUPPORTED_CONNECTOR.</summary>
public sealed class SourceConnectors
{
    private readonly SourceConnector _postgres = new PostgresConnector();
    private readonly SourceConnector _redshift = new PostgresConnector(explainPlans: false);
    private readonly SourceConnector _mySql = new MySqlSourceConnector();
    private readonly SourceConnector _sqlServer = new SqlServerConnector();

    public SourceConnector For(ConnectionType type) => type switch
    {
        ConnectionType.Postgresql => _postgres,
        ConnectionType.Redshift => _redshift,
        ConnectionType.Mysql => _mySql,
        ConnectionType.Sqlserver => _sqlServer,
        _ => throw new UnsupportedConnectorException(
            $"Connections of type '{type.ToString().ToLowerInvariant()}' are accepted, but no driver for them is installed on this server yet."),
    };
}
