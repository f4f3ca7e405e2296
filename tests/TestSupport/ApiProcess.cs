using System.Diagnostics;
namespace DqPlatform.TestSupport;

/// <summary>The API as a real process on a loopback port, for clients that need a socket (npm suites, several nodes).</summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output;

    private ApiProcess(Process process, int port, System.Collections.Concurrent.ConcurrentQueue<string> output)
    {
        _process = process;
        _output = output;
        BaseUrl = $"http://127.0.0.1:{port}";
    }

    public string BaseUrl { get; }

    /// <summary>The last lines the process wrote to its console (standard output and error).</summary>
    public IReadOnlyList<string> RecentOutput => [.. _output];

    /// <summary>The server process's resident memory now, from /proc (for benchmarks).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public int ProcessId => _process.Id;

    public long ResidentBytes
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    /// <summary>
    /// Starts the API built next to the caller (same configuration), or the build at <paramref name="dll"/> (the
    /// benchmark's A/B runs), against the given servers.
    /// </summary>
    public static Task<ApiProcess> StartAsync(string postgres, string redis, string encryptionKey, IReadOnlyDictionary<string, string>? settings = null, string? dll = null) =>
        StartAsync(postgres, redis, encryptionKey, settings, dll, attempt: 0);

    private static async Task<ApiProcess> StartAsync(string postgres, string redis, string encryptionKey, IReadOnlyDictionary<string, string>? settings, string? dll, int attempt)
    {
        var port = FreePort.Next();
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // …/bin/<Configuration>/net10.0/
        dll ??= Path.Combine(RepositoryRoot.Path, "src", "Api", "bin", configuration, "net10.0", "DqPlatform.Api.dll");
        // Through the launcher that ships with the build, as scripts/run.sh and the Dockerfile start it, so the process
        // measured has the runtime settings of the process deployed (runtime.env); an older build without it, run for
        // an A/B comparison, starts as it always did.
        var launcher = Path.Combine(Path.GetDirectoryName(dll)!, "with-runtime-env.sh");
        var throughLauncher = File.Exists(launcher);
        var psi = new ProcessStartInfo(throughLauncher ? launcher : "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.Combine(RepositoryRoot.Path, "src", "Api"), // the content root, as scripts/run.sh uses it
        };
        if (throughLauncher)
        {
            psi.ArgumentList.Add("dotnet");
        }

        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add($"http://127.0.0.1:{port}");
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        psi.Environment["ConnectionStrings__Postgres"] = postgres;
        psi.Environment["ConnectionStrings__Redis"] = redis;
        psi.Environment["Dqp__Encryption__ActiveKeyId"] = "test";
        psi.Environment["Dqp__Encryption__Keys__test"] = encryptionKey;
        // Hangfire's default is two workers per processor: on a 64-core runner that is 128 pollers on a 20-connection
        // pool. The in-process hosts use four; so do these.
        psi.Environment["Dqp__Jobs__WorkerCount"] = "4";
        psi.Environment["Dqp__Sources__AllowLoopback"] = "true";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            psi.Environment[name] = value;
        }

        var process = Process.Start(psi)!;
        // The last lines it wrote, to say why when it does not start.
        var tail = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void Keep(object _, DataReceivedEventArgs e)
        {
            if (e.Data is { } line)
            {
                tail.Enqueue(line);
                while (tail.Count > 400 && tail.TryDequeue(out var _))
                {
                }
            }
        }

        process.OutputDataReceived += Keep;
        process.ErrorDataReceived += Keep;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var api = new ApiProcess(process, port, tail);

        using var http = new HttpClient();
        for (var i = 0; i < 300 && !process.HasExited; i++)
        {
            try
            {
                if ((await http.GetAsync(new Uri(api.BaseUrl + "/healthz"))).IsSuccessStatusCode)
                {
                    return api;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        var exited = process.HasExited;
        await api.DisposeAsync();
        if (exited && attempt == 0 && tail.Any(l => l.Contains("address already in use", StringComparison.OrdinalIgnoreCase)))
        {
            // Another process took the free port between FreePort.Next and Kestrel's bind: take another.
            return await StartAsync(postgres, redis, encryptionKey, settings, dll, attempt + 1);
        }

        throw new InvalidOperationException($"The API process did not start ({(exited ? "it exited" : "no /healthz in 30 s")}); its last lines:\n{string.Join('\n', tail.TakeLast(40))}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}

public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "DqPlatform.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
