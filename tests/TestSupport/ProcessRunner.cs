using System.Diagnostics;

namespace DqPlatform.TestSupport;

/// <summary>Runs a command to completion and fails with its output when it fails.</summary>
internal static class ProcessRunner
{
    public static async Task<string> RunAsync(string fileName, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Server tools read the caller's locale (LANG=de_DE.UTF-8 on a machine that lacks it makes initdb fail, and
        // translated messages would break the output tests read): they run in the C locale, whatever the caller's.
        psi.Environment.Remove("LANG");
        psi.Environment.Remove("LANGUAGE");
        psi.Environment["LC_ALL"] = "C";
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        var output = await stdout + await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', psi.ArgumentList)} exited {process.ExitCode}: {output}");
        }

        return output;
    }

    /// <summary>
    /// PostgreSQL refuses to run as root; as root the cluster is run by the <c>postgres</c> system user.
    /// </summary>
    public static Task<string> RunAsPostgresUserAsync(string fileName, IEnumerable<string> args) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", fileName, .. args])
            : RunAsync(fileName, args);
}
