using DqPlatform.TestSupport;
using System.Diagnostics;

namespace DqPlatform.Api.Tests.Transport;

/// <summary>
/// The graphql-http npm package's server audits, run by Node.js against the real server process: every audit,
/// MUST and SHOULD alike, must pass ("ok") — HotChocolate itself passes 58 of 60.
/// </summary>
public sealed class GraphQLHttpConformanceTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    [Fact]
    public async Task GraphQLHttpAudits_AllPass()
    {
        var suite = Path.Combine(RepositoryRoot.Path, "tests", "conformance");
        Assert.True(Directory.Exists(Path.Combine(suite, "node_modules", "graphql-http")), "run 'npm ci' in tests/conformance (scripts/test.sh does)");
        await using var server = await ApiProcess.StartAsync(api.Database.ConnectionString, api.RedisConnectionString, api.EncryptionKey);

        var psi = new ProcessStartInfo("node") { WorkingDirectory = suite, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("audit.mjs");
        psi.ArgumentList.Add(server.BaseUrl + "/graphql");
        using var node = Process.Start(psi)!;
        var output = await node.StandardOutput.ReadToEndAsync();
        var errors = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(node.ExitCode == 0 && lines.Length >= 40, $"audit run failed ({node.ExitCode}): {errors}{output}");
        var notOk = lines.Where(l => !l.StartsWith("ok\t", StringComparison.Ordinal)).ToList();
        Assert.True(notOk.Count == 0, $"{notOk.Count} of {lines.Length} audits did not pass:\n{string.Join('\n', notOk)}");
    }
}
