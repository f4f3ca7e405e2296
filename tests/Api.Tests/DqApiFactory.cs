using DqPlatform.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace DqPlatform.Api.Tests;

/// <summary>The real API on a test server, over a database of its own and the shared test Redis.</summary>
public class DqApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public DqApiFactory()
        : this(new PostgresDatabase())
    {
    }

    /// <summary>Over <paramref name="database"/> (on a server of the test's own, for tests that restart it).</summary>
    protected DqApiFactory(PostgresDatabase database) => Database = database;

    public PostgresDatabase Database { get; }

    public string RedisConnectionString { get; set; } = "";

    /// <summary>A fresh AES-256 key per factory, as configuration would give one.</summary>
    public string EncryptionKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public GraphQLClient GraphQL(string? apiKey) => new(CreateClient(), apiKey);

    public CapturedLogs Logs { get; } = new();

    public virtual async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        if (RedisConnectionString.Length == 0)
        {
            RedisConnectionString = (await TestServers.RedisAsync()).ConnectionString;
        }
    }

    public new virtual async Task DisposeAsync()
    {
        await DisposeHostAsync();
        await Database.DisposeAsync();
    }

    /// <summary>Stops the hosted application (and its Hangfire server) without touching the database.</summary>
    protected Task DisposeHostAsync() => base.DisposeAsync().AsTask();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Debug));
        builder.UseSetting("ConnectionStrings:Postgres", Database.ConnectionString);
        builder.UseSetting("ConnectionStrings:Redis", RedisConnectionString);
        builder.UseSetting("Dqp:Encryption:ActiveKeyId", "test");
        builder.UseSetting("Dqp:Encryption:Keys:test", EncryptionKey);
        // Hangfire keeps process-wide state; only the classes of the "Hangfire servers" collection run workers.
        builder.UseSetting("Dqp:Jobs:RunServer", "false");
        // The tests' source databases are on this machine (and on the platform's own cluster, in databases of their own).
        builder.UseSetting("Dqp:Sources:AllowLoopback", "true");
    }
}
