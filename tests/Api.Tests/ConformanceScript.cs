using System.Diagnostics;
using System.Text.Json;
using DqPlatform.TestSupport;

namespace DqPlatform.Api.Tests;

/// <summary>
/// Runs one of tests/conformance's Node.js scripts (real npm clients) and parses the JSON report it prints last.
/// Standard output and error are read together: a chatty client must not stall on a full pipe.
/// </summary>
public static class ConformanceScript
{
    public static async Task<JsonElement> RunAsync(string script, params string[] arguments)
    {
        var suite = Path.Combine(RepositoryRoot.Path, "tests", "conformance");
        Assert.True(Directory.Exists(Path.Combine(suite, "node_modules")), "run 'npm ci' in tests/conformance (scripts/test.sh does)");
        var psi = new ProcessStartInfo("node") { WorkingDirectory = suite, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        using var node = Process.Start(psi)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await node.WaitForExitAsync(timeout.Token);
        var (stdout, stderr) = (await output, await errors);
        Assert.True(node.ExitCode == 0, $"{script} failed ({node.ExitCode}): {stderr}{stdout}");
        using var report = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        return report.RootElement.Clone();
    }
}
