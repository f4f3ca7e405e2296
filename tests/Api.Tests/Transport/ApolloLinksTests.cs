using System.Diagnostics;
using DqPlatform.TestSupport;

namespace DqPlatform.Api.Tests.Transport;

/// <summary>
/// Apollo Client 4's PersistedQueryLink (over POST and GET) and BatchHttpLink, alone and together, run by Node.js against
/// the real server process (tests/conformance/apollo-links.mjs): each scenario checks what went over the wire as well as
/// what the client returned.
/// </summary>
public sealed class ApolloLinksTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    [Fact]
    public async Task ApolloClientLinks_PersistedQueriesAndBatches_AllScenariosPass()
    {
        var suite = Path.Combine(RepositoryRoot.Path, "tests", "conformance");
        Assert.True(Directory.Exists(Path.Combine(suite, "node_modules", "@apollo", "client")), "run 'npm ci' in tests/conformance (scripts/test.sh does)");
        var tenant = await TestTenant.CreateAsync(api);
        await using var server = await ApiProcess.StartAsync(api.Database.ConnectionString, api.RedisConnectionString, api.EncryptionKey);

        var psi = new ProcessStartInfo("node") { WorkingDirectory = suite, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("apollo-links.mjs");
        psi.ArgumentList.Add(server.BaseUrl + "/graphql");
        psi.ArgumentList.Add(tenant.ApiKey);
        using var node = Process.Start(psi)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(node.ExitCode == 0 && lines.Length == 4 && lines.All(l => l.StartsWith("ok ", StringComparison.Ordinal)),
            $"exit {node.ExitCode}:\n{string.Join('\n', lines)}\n{await errors}");
    }
}
