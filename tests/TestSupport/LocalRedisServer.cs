namespace DqPlatform.TestSupport;

/// <summary>A redis-server from the local binary, daemonised on a free port, without persistence.</summary>
public sealed class LocalRedisServer : ITestServer
{
    private readonly string _folder;

    private LocalRedisServer(string folder, int port)
    {
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    private string PidFile => Path.Combine(_folder, "redis.pid");

    public static async Task<LocalRedisServer> StartAsync(int? port = null)
    {
        var folder = Directory.CreateTempSubdirectory("dqp-test-redis-").FullName;
        var server = new LocalRedisServer(folder, port ?? FreePort.Next());
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>Starts the server (again) on the same port, for tests of Redis coming back.</summary>
    public async Task StartProcessAsync()
    {
        await ProcessRunner.RunAsync("redis-server",
        [
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--dir", _folder,
            "--daemonize", "yes", "--pidfile", PidFile, "--logfile", Path.Combine(_folder, "redis.log"),
        ]);
        await WaitAsync(() => File.Exists(PidFile), "redis-server did not start");
    }

    public async Task StopProcessAsync()
    {
        if (!File.Exists(PidFile))
        {
            return;
        }

        var pid = int.Parse((await File.ReadAllTextAsync(PidFile)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await ProcessRunner.RunAsync("kill", [pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await WaitAsync(() => !File.Exists(PidFile), "redis-server did not stop");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopProcessAsync();
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static async Task WaitAsync(Func<bool> condition, string failure)
    {
        for (var i = 0; i < 200; i++)
        {
            if (condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException(failure);
    }
}
