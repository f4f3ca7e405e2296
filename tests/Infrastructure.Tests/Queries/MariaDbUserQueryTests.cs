using DqPlatform.Infrastructure.Tests.Connectors;
using DqPlatform.Infrastructure.Connectors;
using DqPlatform.TestSupport;

namespace DqPlatform.Infrastructure.Tests.Queries;

public sealed class MariaDbUserQueryTests(MariaDbDatabase database) : UserQueryContractTests, IClassFixture<MariaDbDatabase>, IAsyncLifetime
{
    protected override SourceConnector Connector { get; } = new MySqlSourceConnector(TestGuards.Loopback());

    protected override ConnectionSettings Settings => database.SourceSettings;

    protected override string SideEffectFunctionSql =>
        "CREATE OR REPLACE FUNCTION leave_a_mark() RETURNS INT MODIFIES SQL DATA BEGIN INSERT INTO side_effects VALUES (1); RETURN 1; END";

    // MariaDB's SEQUENCE engine: a virtual table of the numbers 1 to 20,000,000.
    protected override string ManyRowsSql => "SELECT seq FROM seq_1_to_20000000";

    protected override Task ExecuteAsync(string sql) => database.ExecuteAsync(sql);

    public Task InitializeAsync() => CreateTablesAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
