using DqPlatform.Infrastructure.Connectors;
using DqPlatform.TestSupport;

namespace DqPlatform.Infrastructure.Tests.Connectors;

public sealed class PostgresSensorTests(PostgresDatabase database) : SensorContractTests, IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    protected override SourceConnector Connector { get; } = new PostgresConnector(TestGuards.Loopback());

    protected override ConnectionSettings Settings => database.SourceSettings;

    protected override string TimestampType => "timestamp";

    protected override string SleepSql => "SELECT pg_sleep(10)";

    protected override Task ExecuteAsync(string sql) => database.ExecuteAsync(sql);

    public Task InitializeAsync() => CreateOrdersAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
