using DqPlatform.Infrastructure.Connectors;
using DqPlatform.TestSupport;

namespace DqPlatform.Infrastructure.Tests.Connectors;

public sealed class MariaDbSensorTests(MariaDbDatabase database) : SensorContractTests, IClassFixture<MariaDbDatabase>, IAsyncLifetime
{
    protected override SourceConnector Connector { get; } = new MySqlSourceConnector(TestGuards.Loopback());

    protected override ConnectionSettings Settings => database.SourceSettings;

    protected override string TimestampType => "DATETIME";

    protected override string SleepSql => "SELECT SLEEP(10)";

    protected override Task ExecuteAsync(string sql) => database.ExecuteAsync(sql);

    public Task InitializeAsync() => CreateOrdersAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
