using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace DqPlatform.TestSupport;

/// <summary>
/// A real S3-compatible server (npm <c>s3rver</c>, run by <c>tests/conformance/s3-server.mjs</c>) on a free loopback
/// port, its objects in a temporary folder, with one bucket. It can be stopped and started again on the same port and
/// folder (the store going down and coming back), and reports the multipart calls it served.
/// </summary>
public sealed class LocalS3Server : IAsyncDisposable
{
    /// <summary>The credentials s3rver accepts (it checks every request's signature against them).</summary>
    public const string AccessKey = "S3RVER";

    public const string SecretKey = "S3RVER";

    private readonly ConcurrentQueue<string> _calls = new();
    private Process? _process;

    private LocalS3Server(string folder, int port, string bucket)
    {
        (Folder, Port, Bucket) = (folder, port, bucket);
    }

    public string Folder { get; }

    public int Port { get; }

    public string Bucket { get; }

    public string ServiceUrl => $"http://127.0.0.1:{Port}";

    /// <summary>
    /// The multipart calls served so far: <c>initiate {key}</c>, <c>part {key} {n} {status}</c>, <c>complete {key} {status}</c>,
    /// <c>abort {key} {id} removed</c>; and ranged reads: <c>get {key} bytes={from}-{to} {status}</c>.
    /// </summary>
    public IReadOnlyList<string> Calls => [.. _calls];

    /// <summary>
    /// The calls once <paramref name="seen"/> holds for them (the server reports a call just before it answers it, and
    /// its output reaches this process a moment later), or as they are after 10 s.
    /// </summary>
    public async Task<IReadOnlyList<string>> CallsWhenAsync(Func<IReadOnlyList<string>, bool> seen)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!seen(Calls) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return Calls;
    }

    /// <summary>Multipart uploads begun and neither completed nor aborted (s3rver keeps one folder of parts per upload).</summary>
    public int IncompleteUploads
    {
        get
        {
            var uploads = Path.Combine(Folder, Bucket, "._S3rver_uploads");
            return Directory.Exists(uploads) ? Directory.GetDirectories(uploads).Length : 0;
        }
    }

    public static async Task<LocalS3Server> StartAsync(string bucket = "dqp-exports")
    {
        var script = Path.Combine(RepositoryRoot.Path, "tests", "conformance", "s3-server.mjs");
        if (!Directory.Exists(Path.Combine(RepositoryRoot.Path, "tests", "conformance", "node_modules", "s3rver")))
        {
            throw new InvalidOperationException("s3rver is not installed: run 'npm ci' in tests/conformance (scripts/test.sh does).");
        }

        var server = new LocalS3Server(Directory.CreateTempSubdirectory("dqp-test-s3-").FullName, FreePort.Next(), bucket);
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>The settings that point an API node's export store at this server.</summary>
    public Dictionary<string, string> NodeSettings(string? prefix = null) => new()
    {
        ["Dqp__Exports__S3__ServiceUrl"] = ServiceUrl,
        ["Dqp__Exports__S3__Bucket"] = Bucket,
        ["Dqp__Exports__S3__AccessKey"] = AccessKey,
        ["Dqp__Exports__S3__SecretKey"] = SecretKey,
        ["Dqp__Exports__S3__ForcePathStyle"] = "true",
        ["Dqp__Exports__S3__Prefix"] = prefix ?? "",
    };

    public async Task StartProcessAsync()
    {
        var psi = new ProcessStartInfo("node")
        {
            WorkingDirectory = Path.Combine(RepositoryRoot.Path, "tests", "conformance"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "s3-server.mjs", Port.ToString(CultureInfo.InvariantCulture), Folder, Bucket })
        {
            psi.ArgumentList.Add(argument);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new ConcurrentQueue<string>();
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                return;
            }

            if (line.StartsWith("ready ", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
            else
            {
                _calls.Enqueue(line);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                errors.Enqueue(line);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(30))) != ready.Task)
        {
            await StopProcessAsync();
            throw new InvalidOperationException("s3rver did not start: " + string.Join('\n', errors));
        }
    }

    /// <summary>
    /// Freezes the server (SIGSTOP): connections are still accepted by the kernel but nothing is answered — a stalled
    /// store, unlike a stopped one, which refuses connections at once.
    /// </summary>
    public async Task PauseProcessAsync() => await SignalAsync("-STOP");

    public async Task ResumeProcessAsync() => await SignalAsync("-CONT");

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process!.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} failed with {kill.ExitCode}");
        }
    }

    public async Task StopProcessAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopProcessAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
