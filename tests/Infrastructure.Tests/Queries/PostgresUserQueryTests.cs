using DqPlatform.Infrastructure.Connectors;
using DqPlatform.TestSupport;
using Npgsql;

namespace DqPlatform.Infrastructure.Tests.Queries;

public sealed class PostgresUserQueryTests(PostgresDatabase database) : UserQueryContractTests, IClassFixture<PostgresDatabase>, IAsyncLifetime
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

    protected override string SideEffectFunctionSql =>
        "CREATE OR REPLACE FUNCTION leave_a_mark() RETURNS int LANGUAGE plpgsql AS $$ BEGIN INSERT INTO side_effects VALUES (1); RETURN 1; END $$";

    protected override string ManyRowsSql => "SELECT g FROM generate_series(1, 20000000) g";

    protected override async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public Task InitializeAsync() => CreateTablesAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
