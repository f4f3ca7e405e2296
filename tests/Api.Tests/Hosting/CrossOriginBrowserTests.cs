using System.Diagnostics;
using System.Text.Json;
using DqPlatform.Api.Tests.GraphQL;
using DqPlatform.TestSupport;

namespace DqPlatform.Api.Tests.Hosting;

/// <summary>A real browser page on another origin: the allowed one queries and follows a live feed, any other can do neither.</summary>
public sealed class CrossOriginBrowserTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    [Fact]
    public async Task DashboardPage_OnAllowedOrigin_QueriesAndSubscribes_AndOnOtherOrigin_IsRefusedBoth()
    {
        Assert.True(File.Exists("/usr/bin/chromium") || Environment.GetEnvironmentVariable("CHROMIUM") is not null,
            "Chromium is missing: scripts/test.sh installs the Debian package.");
        var tenant = await TestTenant.CreateAsync(api);
        var open = await GraphSeed.OpenIncidentIdsAsync(api, tenant, 12);
        var (allowed, other) = (FreePort.Next(), FreePort.Next());
        await using var server = await ApiProcess.StartAsync(api.Database.ConnectionString, api.RedisConnectionString, api.EncryptionKey,
            new Dictionary<string, string> { ["Dqp__Cors__AllowedOrigins__0"] = $"http://127.0.0.1:{allowed}" });
        var psi = new ProcessStartInfo("node") { WorkingDirectory = Path.Combine(RepositoryRoot.Path, "tests", "conformance"), RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "cross-origin.mjs", server.BaseUrl, tenant.ApiKey, allowed.ToString(System.Globalization.CultureInfo.InvariantCulture), other.ToString(System.Globalization.CultureInfo.InvariantCulture) }.Concat(open))
        {
            psi.ArgumentList.Add(argument);
        }

        using var node = Process.Start(psi)!;
        var output = await node.StandardOutput.ReadToEndAsync();
        var errors = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, $"cross-origin.mjs failed: {errors}{output}");

        using var report = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var (fromAllowed, fromOther) = (report.RootElement.GetProperty("allowed"), report.RootElement.GetProperty("other"));
        Assert.True(fromAllowed.GetProperty("query").ValueKind == JsonValueKind.String, "the allowed page could not query: " + fromAllowed);
        Assert.Equal("connection_ack", fromAllowed.GetProperty("live").GetString());
        Assert.Equal("ACKNOWLEDGED", fromAllowed.GetProperty("event").GetString());
        Assert.Equal(JsonValueKind.Null, fromOther.GetProperty("query").ValueKind);
        Assert.Contains("Failed to fetch", fromOther.GetProperty("queryError").GetString(), StringComparison.Ordinal);
        Assert.Equal("closed", fromOther.GetProperty("live").GetString());
    }
}
