using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DqPlatform.Api.Tests.GraphQL;
using DqPlatform.TestSupport;

namespace DqPlatform.Api.Tests.Live;

/// <summary>Apollo Client 4 with GraphQLWsLink: an event updates the object in its normalised cache, with no refetch.</summary>
[Collection(Checks.HangfireServersCollection.Name)]
public sealed class ApolloLiveFeedTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    [Fact]
    public async Task IncidentAcknowledged_ReachesApolloGraphQLWsLink_AndUpdatesTheCachedIncidentWithoutARefetch()
    {
        var suite = Path.Combine(RepositoryRoot.Path, "tests", "conformance");
        Assert.True(Directory.Exists(Path.Combine(suite, "node_modules", "@apollo", "client")), "run 'npm ci' in tests/conformance (scripts/test.sh does)");
        var tenant = await TestTenant.CreateAsync(api);
        var open = await GraphSeed.OpenIncidentIdsAsync(api, tenant, 12);
        await using var server = await ApiProcess.StartAsync(api.Database.ConnectionString, api.RedisConnectionString, api.EncryptionKey);
        var psi = new ProcessStartInfo("node") { WorkingDirectory = suite, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "apollo-live.mjs", server.BaseUrl, tenant.ApiKey })
        {
            psi.ArgumentList.Add(argument);
        }

        using var client = Process.Start(psi)!;
        Assert.Equal("ready", await client.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)));

        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.ApiKey);
        // "ready" follows the subscribe call; under load the server may take a moment more to register it, so acknowledge
        // open incidents one by one until the client has heard of one.
        var acknowledged = new List<string>();
        foreach (var incident in open)
        {
            using var response = await http.PostAsJsonAsync("/graphql", new { query = $"mutation {{ acknowledgeIncident(id: \"{incident}\") {{ status }} }}" });
            Assert.DoesNotContain("errors", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            acknowledged.Add(incident);
            await Task.WhenAny(client.WaitForExitAsync(), Task.Delay(2000));
            if (client.HasExited)
            {
                break;
            }
        }

        var output = await client.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(40));
        var errors = await client.StandardError.ReadToEndAsync();
        await client.WaitForExitAsync();
        Assert.True(client.ExitCode == 0, $"apollo-live.mjs failed ({client.ExitCode}): {errors}{output}");
        using var report = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var seen = report.RootElement;
        Assert.Contains(seen.GetProperty("id").GetString(), acknowledged);
        Assert.Equal("OPEN", seen.GetProperty("before").GetProperty("status").GetString());
        Assert.Equal("ACKNOWLEDGED", seen.GetProperty("after").GetProperty("status").GetString());
        Assert.Equal("ACKNOWLEDGED", seen.GetProperty("change").GetString());
        Assert.False(string.IsNullOrEmpty(seen.GetProperty("cursor").GetString()));
        // The one query that filled the cache; the event itself brought the new status.
        Assert.Equal(1, seen.GetProperty("requests").GetInt32());
    }
}
