using DqPlatform.Infrastructure.Tests.Connectors;
using DqPlatform.Infrastructure.Connectors;
using DqPlatform.TestSupport;

namespace DqPlatform.Infrastructure.Tests.Queries;

public sealed class PostgresUserQueryTests(PostgresDatabase database) : UserQueryContractTests, IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    protected override SourceConnector Connector { get; } = new PostgresConnector(TestGuards.Loopback());

    protected override ConnectionSettings Settings => database.SourceSettings;

    protected override string SideEffectFunctionSql =>
        "CREATE OR REPLACE FUNCTION leave_a_mark() RETURNS int LANGUAGE plpgsql AS $$ BEGIN INSERT INTO side_effects VALUES (1); RETURN 1; END $$";

    protected override string ManyRowsSql => "SELECT g FROM generate_series(1, 20000000) g";

    protected override Task ExecuteAsync(string sql) => database.ExecuteAsync(sql);

    public Task InitializeAsync() => CreateTablesAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
