using DqPlatform.Infrastructure.Connectors;
using DqPlatform.TestSupport;
using Npgsql;

namespace DqPlatform.Infrastructure.Tests.Connectors;

public sealed class PostgresSensorTests(PostgresDatabase database) : SensorContractTests, IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    protected override SourceConnector Connector { get; } = new PostgresConnector();

    protected override ConnectionSettings Settings
    {
        get
        {
            var b = new NpgsqlConnectionStringBuilder(database.ConnectionString);
            return new ConnectionSettings(b.Host!, b.Port, b.Database!, b.Username!, b.Password, null, "Disable");
        }
    }

    protected override string TimestampType => "timestamp";

    protected override string SleepSql => "SELECT pg_sleep(10)";

    protected override async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public Task InitializeAsync() => CreateOrdersAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
