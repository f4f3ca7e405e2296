using DqPlatform.Infrastructure.Connectors;
using DqPlatform.TestSupport;
using MySqlConnector;

namespace DqPlatform.Infrastructure.Tests.Connectors;

public sealed class MariaDbSensorTests(MariaDbDatabase database) : SensorContractTests, IClassFixture<MariaDbDatabase>, IAsyncLifetime
{
    protected override SourceConnector Connector { get; } = new MySqlSourceConnector();

    protected override ConnectionSettings Settings
    {
        get
        {
            var b = new MySqlConnectionStringBuilder(database.ConnectionString);
            return new ConnectionSettings(b.Server, (int)b.Port, b.Database, b.UserID, b.Password, null, "None");
        }
    }

    protected override string TimestampType => "DATETIME";

    protected override string SleepSql => "SELECT SLEEP(10)";

    protected override async Task ExecuteAsync(string sql)
    {
        await using var connection = new MySqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public Task InitializeAsync() => CreateOrdersAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
