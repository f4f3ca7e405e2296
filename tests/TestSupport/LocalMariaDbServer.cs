using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using MySqlConnector;

namespace DqPlatform.TestSupport;

/// <summary>
/// A throw-away mariadbd from the local binaries, in a temporary folder, on a free loopback port. Tests log in as
/// <see cref="UserName"/>, which has every privilege (CREATE DATABASE included) and a random password.
/// </summary>
public sealed class LocalMariaDbServer : ITestServer
{
    public const string UserName = "dqp_test";

    private const string ServerBinary = "mariadbd";
    private const string InstallBinary = "mariadb-install-db";

    // Debian puts mariadbd in /usr/sbin, which is not on the PATH of every user or CI shell.
    private static readonly string[] ExtraBinaryFolders = ["/usr/sbin", "/usr/local/sbin", "/usr/local/mysql/bin"];

    // Small: the default 128M buffer pool and 96M redo log per server would be most of the start-up time.
    private static readonly string[] InnoDbSizes = ["--innodb-buffer-pool-size=32M", "--innodb-log-file-size=8M"];

    // Throw-away data: no durability, no buffer pool dump, and a shutdown that skips flushing. Not for
    // mariadb-install-db, whose bootstrap must leave its files flushed (a fast shutdown there leaves ibdata1 empty).
    private static readonly string[] ServerOnlyArguments =
    [
        "--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0", "--innodb-buffer-pool-dump-at-shutdown=0",
        "--innodb-buffer-pool-load-at-startup=0", "--innodb-fast-shutdown=2",
    ];

    private readonly string _folder;
    private readonly Process _process;

    private LocalMariaDbServer(string folder, Process process, int port, string password)
    {
        _folder = folder;
        _process = process;
        Port = port;
        ConnectionString = new MySqlConnectionStringBuilder
        {
            Server = "127.0.0.1",
            Port = (uint)port,
            UserID = UserName,
            Password = password,
        }.ConnectionString;
    }

    public int Port { get; }

    /// <summary>A MySqlConnector connection string for <see cref="UserName"/>, without a database.</summary>
    public string ConnectionString { get; }

    public static async Task<LocalMariaDbServer> StartAsync()
    {
        var server = FindBinary(ServerBinary);
        var install = FindBinary(InstallBinary);
        var folder = Directory.CreateTempSubdirectory("dqp-test-mariadb-").FullName;
        Process? process = null;
        try
        {
            var user = await ServerUserAsync();
            if (user is not null)
            {
                await ProcessRunner.RunAsync("chown", [user, folder]);
            }

            var data = Path.Combine(folder, "data");
            var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            await InstallAsync(install, folder, data, user, password);

            // The port was free a moment ago; another process (or another server of this one) may take it first.
            for (var attempt = 1; ; attempt++)
            {
                var port = FreePort.Next();
                File.Delete(LogFile(folder));
                process = StartProcess(server, folder, data, port, user);
                if (await WaitUntilReadyAsync(process, port, password))
                {
                    return new LocalMariaDbServer(folder, process, port, password);
                }

                var log = ReadLog(folder);
                process.Dispose();
                process = null;
                if (attempt >= 3 || !log.Contains("Bind on TCP/IP port", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"mariadbd did not start: {log}");
                }
            }
        }
        catch
        {
            if (process is not null)
            {
                await StopAsync(process);
                process.Dispose();
            }

            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync(_process);
        }
        finally
        {
            _process.Dispose();
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static Process StartProcess(string binary, string folder, string data, int port, string? user)
    {
        // mariadbd does not daemonise: it stays a child of this process. --no-defaults keeps the system's my.cnf
        // (its port, socket and /var/lib/mysql) out of it.
        var psi = new ProcessStartInfo(binary)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] args =
        [
            "--no-defaults", $"--datadir={data}", .. UserArgument(user),
            "--bind-address=127.0.0.1", $"--port={port.ToString(CultureInfo.InvariantCulture)}",
            $"--socket={Path.Combine(folder, "mariadb.sock")}", $"--pid-file={Path.Combine(folder, "mariadb.pid")}",
            $"--log-error={LogFile(folder)}", $"--tmpdir={folder}",
            "--skip-log-bin", "--skip-name-resolve", "--max-connections=300",
            "--character-set-server=utf8mb4", "--collation-server=utf8mb4_general_ci",
            .. InnoDbSizes, .. ServerOnlyArguments,
        ];
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {binary}");
        // Everything it says goes to --log-error; the pipes only need draining, so that it never blocks on them.
        process.StandardInput.Close();
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    // The test user is made while the data directory is set up, so the server never has a login without a password
    // on TCP (root keeps the default: unix_socket only).
    private static async Task InstallAsync(string binary, string folder, string data, string? user, string password)
    {
        var sql = Path.Combine(folder, "create-user.sql");
        await File.WriteAllTextAsync(sql, $"""
            FLUSH PRIVILEGES;
            CREATE USER '{UserName}'@'%' IDENTIFIED BY '{password}';
            GRANT ALL PRIVILEGES ON *.* TO '{UserName}'@'%' WITH GRANT OPTION;
            """);
        try
        {
            await ProcessRunner.RunAsync(binary,
            [
                "--no-defaults", $"--datadir={data}", .. UserArgument(user), $"--extra-file={sql}",
                "--skip-test-db", "--skip-name-resolve", .. InnoDbSizes,
            ]);
        }
        finally
        {
            File.Delete(sql);
        }
    }

    private static async Task<bool> WaitUntilReadyAsync(Process process, int port, string password)
    {
        var login = new MySqlConnectionStringBuilder
        {
            Server = "127.0.0.1",
            Port = (uint)port,
            UserID = UserName,
            Password = password,
            Pooling = false,
            ConnectionTimeout = 2,
        }.ConnectionString;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                return false;
            }

            try
            {
                await using var conn = new MySqlConnection(login);
                await conn.OpenAsync();
                return true;
            }
            catch (MySqlException)
            {
                await Task.Delay(50);
            }
        }

        await StopAsync(process);
        throw new InvalidOperationException($"mariadbd did not accept connections on port {port} within 60 s");
    }

    // SIGTERM for a clean stop, which with innodb_fast_shutdown=2 is quick; SIGKILL if it is not.
    private static async Task StopAsync(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        try
        {
            await ProcessRunner.RunAsync("kill", [process.Id.ToString(CultureInfo.InvariantCulture)]);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(cts.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>As root, the user the server runs as: <c>mysql</c> if it exists (mariadbd refuses root unless told).</summary>
    private static async Task<string?> ServerUserAsync()
    {
        if (Environment.UserName != "root")
        {
            return null;
        }

        try
        {
            await ProcessRunner.RunAsync("id", ["-u", "mysql"]);
            return "mysql";
        }
        catch (InvalidOperationException)
        {
            return "root";
        }
    }

    private static string[] UserArgument(string? user) => user is null ? [] : [$"--user={user}"];

    private static string LogFile(string folder) => Path.Combine(folder, "mariadb.log");

    private static string ReadLog(string folder) => File.Exists(LogFile(folder)) ? File.ReadAllText(LogFile(folder)) : "(no log)";

    private static string FindBinary(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                   .Concat(ExtraBinaryFolders)
                   .Select(folder => Path.Combine(folder, name))
                   .FirstOrDefault(File.Exists)
               ?? throw new InvalidOperationException(
                   $"{name} not found on PATH or in /usr/sbin: install mariadb-server, or set DQP_TEST_MARIADB to a server.");
    }
}
