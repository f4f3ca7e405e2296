namespace DqPlatform.TestSupport;

/// <summary>
/// A throw-away cluster from the local PostgreSQL binaries, in a temporary folder, on a free port. The suite shares one
/// (<see cref="TestServers"/>); a test that stops and restarts its server starts one of its own.
/// </summary>
public sealed class LocalPostgresServer : ITestServer
{
    private readonly string _folder;
    private readonly string _binaries;
    private readonly int _port;

    private LocalPostgresServer(string folder, string binaries, int port)
    {
        _folder = folder;
        _binaries = binaries;
        _port = port;
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=20";
    }

    public string ConnectionString { get; }

    private string DataDirectory => Path.Combine(_folder, "data");

    public static async Task<LocalPostgresServer> StartAsync()
    {
        var binaries = FindBinaries();
        var folder = Directory.CreateTempSubdirectory("dqp-test-pg-").FullName;
        if (Environment.UserName == "root")
        {
            await ProcessRunner.RunAsync("chown", ["postgres", folder]);
        }

        var port = FreePort.Next();
        var server = new LocalPostgresServer(folder, binaries, port);
        await ProcessRunner.RunAsPostgresUserAsync(Path.Combine(binaries, "initdb"),
            ["-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", $"--locale={ClusterLocale()}", "--no-sync"]);
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>Starts the server (again) on the same port and data directory, for tests of PostgreSQL coming back.</summary>
    public Task StartProcessAsync() =>
        // Durability is not what these tests measure; fsync off keeps the suite fast.
        ProcessRunner.RunAsPostgresUserAsync(Path.Combine(_binaries, "pg_ctl"),
        [
            "-D", DataDirectory, "-l", Path.Combine(_folder, "postgres.log"), "-w", "-t", "60", "start",
            "-o", $"-p {_port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
        ]);

    /// <summary>Stops the server as an operator restarting it would (fast shutdown: sessions are told and closed).</summary>
    public Task StopProcessAsync() =>
        ProcessRunner.RunAsPostgresUserAsync(Path.Combine(_binaries, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"]);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ProcessRunner.RunAsPostgresUserAsync(Path.Combine(_binaries, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    // Chosen, not inherited from LANG: initdb refuses a locale the machine lacks (en_US.UTF-8 passed on by ssh to a
    // machine with only C.UTF-8), and the tests must sort and compare alike everywhere. C.UTF-8 sorts like C.
    private static string ClusterLocale() =>
        File.Exists("/usr/lib/locale/C.utf8/LC_CTYPE") || Directory.Exists("/usr/lib/locale/C.UTF-8") ? "C.UTF-8" : "C";

    private static string FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable("DQP_PG_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        var candidate = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        return candidate ?? throw new InvalidOperationException(
            "No PostgreSQL binaries found under /usr/lib/postgresql/*/bin; set DQP_PG_BIN, or DQP_TEST_POSTGRES to a server.");
    }
}
