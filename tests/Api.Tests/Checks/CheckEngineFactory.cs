using DqPlatform.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace DqPlatform.Api.Tests.Checks;

/// <summary>
/// The API with its Hangfire server, quick timeouts, and a source database of its own on the test PostgreSQL
/// (an <c>orders</c> table the checks look at).
/// </summary>
public class CheckEngineFactory : DqApiFactory
{
    public string SourceConnectionString { get; private set; } = "";

    private readonly string _sourceName = "dqp_src_" + Guid.NewGuid().ToString("N")[..12];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        SourceConnectionString = await PostgresDatabase.CreateEmptyAsync(_sourceName);
        await ExecuteOnSourceAsync("""
            CREATE TABLE orders (id int PRIMARY KEY, customer_email text, amount numeric(12,2), created_at timestamptz NOT NULL DEFAULT now());
            INSERT INTO orders SELECT i, CASE WHEN i % 10 = 0 THEN NULL ELSE 'user' || i || '@example.com' END, i * 1.5, now() - i * interval '1 minute'
            FROM generate_series(1, 200) i;
            """);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await PostgresDatabase.DropAsync(_sourceName);
    }

    public async Task ExecuteOnSourceAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(SourceConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The connection config a user would type for the source database.</summary>
    public object SourceConfig()
    {
        var b = new NpgsqlConnectionStringBuilder(SourceConnectionString);
        return new { host = b.Host, port = b.Port, database = b.Database, user = b.Username, password = b.Password, sslMode = "Disable" };
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Dqp:Checks:SensorTimeout", "00:00:05");
        builder.UseSetting("Dqp:Checks:PassesToResolve", "2");
        builder.UseSetting("Dqp:Jobs:QueuePollInterval", "00:00:01");
        builder.UseSetting("Dqp:Jobs:WorkerCount", "4");
        builder.UseSetting("Dqp:Jobs:RunServer", "true");
    }
}

/// <summary>
/// Test classes that run Hangfire servers. Hangfire keeps process-wide state (long-polling signals, locks), so two
/// in-process servers over different databases disturb each other; these classes run one after another.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HangfireServersCollection
{
    public const string Name = "Hangfire servers";
}
