using DotNet.Testcontainers.Containers;
using Testcontainers.PostgreSql;
using Testcontainers.Redis;

namespace DqPlatform.TestSupport;

/// <summary>
/// The PostgreSQL, Redis and MariaDB servers of one test process, started at most once. In order of preference:
/// servers named by <c>DQP_TEST_POSTGRES</c> / <c>DQP_TEST_REDIS</c> / <c>DQP_TEST_MARIADB</c>; containers when a
/// Docker engine answers (not for MariaDB); otherwise the local binaries in a temporary folder on free ports.
/// Started servers stop when the process exits.
/// </summary>
public static class TestServers
{
    private static readonly Lazy<Task<ITestServer>> Postgres = new(StartPostgresAsync);
    private static readonly Lazy<Task<ITestServer>> Redis = new(StartRedisAsync);
    private static readonly Lazy<Task<ITestServer>> MariaDb = new(StartMariaDbAsync);
    private static readonly Lazy<Task<bool>> Docker = new(DockerEngineAnswersAsync);

    private static int _stopped;

    static TestServers()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAll();
        // A process ending on an unhandled exception (a benchmark whose API did not start) raises no ProcessExit, and
        // its servers would keep running.
        AppDomain.CurrentDomain.UnhandledException += (_, _) => StopAll();
    }

    public static Task<ITestServer> PostgresAsync() => Postgres.Value;

    public static Task<ITestServer> RedisAsync() => Redis.Value;

    /// <summary>The connection string is a MySqlConnector one for a user that may create databases.</summary>
    public static Task<ITestServer> MariaDbAsync() => MariaDb.Value;

    private static async Task<ITestServer> StartPostgresAsync()
    {
        var given = Environment.GetEnvironmentVariable("DQP_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(given))
        {
            return new ExternalServer(given);
        }

        if (await Docker.Value)
        {
            var container = new PostgreSqlBuilder("postgres:15-alpine").Build();
            await container.StartAsync();
            return new ContainerServer(container, container.GetConnectionString());
        }

        return await LocalPostgresServer.StartAsync();
    }

    private static async Task<ITestServer> StartRedisAsync()
    {
        var given = Environment.GetEnvironmentVariable("DQP_TEST_REDIS");
        if (!string.IsNullOrWhiteSpace(given))
        {
            return new ExternalServer(given);
        }

        if (await Docker.Value)
        {
            var container = new RedisBuilder("redis:7-alpine").Build();
            await container.StartAsync();
            return new ContainerServer(container, container.GetConnectionString());
        }

        return await LocalRedisServer.StartAsync();
    }

    private static async Task<ITestServer> StartMariaDbAsync()
    {
        var given = Environment.GetEnvironmentVariable("DQP_TEST_MARIADB");
        if (!string.IsNullOrWhiteSpace(given))
        {
            return new ExternalServer(given);
        }

        return await LocalMariaDbServer.StartAsync();
    }

    // The Docker client is installed on machines without an engine; only an engine that answers counts.
    private static async Task<bool> DockerEngineAnswersAsync()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (string.IsNullOrEmpty(host) && !File.Exists("/var/run/docker.sock"))
        {
            return false;
        }

        try
        {
            await ProcessRunner.RunAsync("docker", ["info", "--format", "{{.ServerVersion}}"], TimeSpan.FromSeconds(10));
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static void StopAll()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        // In parallel: the test host gives exit handlers little time.
        var stops = new[] { Redis, Postgres, MariaDb }
            .Where(s => s.IsValueCreated && s.Value.IsCompletedSuccessfully)
            .Select(s => s.Value.Result.DisposeAsync().AsTask());
        Task.WhenAll(stops).GetAwaiter().GetResult();
    }

    private sealed class ContainerServer(IContainer container, string connectionString) : ITestServer
    {
        public string ConnectionString { get; } = connectionString;

        public ValueTask DisposeAsync() => container.DisposeAsync();
    }
}
