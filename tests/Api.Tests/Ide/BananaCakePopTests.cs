using DqPlatform.TestSupport;
using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace DqPlatform.Api.Tests.Ide;

/// <summary>Banana Cake Pop at /graphql: a browser gets the IDE, its assets and its config, and can introspect.</summary>
public sealed class BananaCakePopTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    [Fact]
    public async Task BrowserNavigation_IsRedirectedToTheIde_AndTheIdeConfigPointsAtThisEndpoint()
    {
        var client = api.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
        var redirect = await client.SendAsync(request);
        var page = await client.GetAsync(new Uri("/graphql/", UriKind.Relative));
        using var config = JsonDocument.Parse(await client.GetStringAsync(new Uri("/graphql/bcp-config.json", UriKind.Relative)));

        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/graphql/", redirect.Headers.Location?.OriginalString);
        Assert.Contains("<title>Banana Cake Pop</title>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.EndsWith("/graphql", config.RootElement.GetProperty("endpoint").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("ws", config.RootElement.GetProperty("subscriptionEndpoint").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeadlessChromium_LoadsTheIde_AndIntrospectsFromThePage()
    {
        Assert.True(File.Exists("/usr/bin/chromium") || Environment.GetEnvironmentVariable("CHROMIUM") is not null,
            "Chromium is missing: scripts/test.sh installs the Debian package.");
        await using var server = await ApiProcess.StartAsync(api.Database.ConnectionString, api.RedisConnectionString, api.EncryptionKey);
        var psi = new ProcessStartInfo("node") { WorkingDirectory = Path.Combine(RepositoryRoot.Path, "tests", "conformance"), RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("ide.mjs");
        psi.ArgumentList.Add(server.BaseUrl);
        using var node = Process.Start(psi)!;
        var output = await node.StandardOutput.ReadToEndAsync();
        var errors = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, $"ide.mjs failed: {errors}{output}");

        using var report = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var r = report.RootElement;
        // Once the IDE has read bcp-config.json it titles the page after the config, and a new document's tab after that.
        Assert.True(r.GetProperty("configLoaded").GetBoolean(), "the IDE never read bcp-config.json: " + r);
        Assert.Equal("DQ Platform", r.GetProperty("configTitle").GetString());
        Assert.Equal("DQ Platform", r.GetProperty("title").GetString());
        Assert.EndsWith(" - DQ Platform", r.GetProperty("documentTitle").GetString(), StringComparison.Ordinal);
        Assert.True(r.GetProperty("ideSchemaTypes").GetInt32() > 20, "the IDE's introspection answered no schema: " + r);
        Assert.Equal(0, r.GetProperty("failedAssets").GetArrayLength());
        Assert.Equal(200, r.GetProperty("pageIntrospection").GetProperty("status").GetInt32());
        Assert.Equal("Query", r.GetProperty("pageIntrospection").GetProperty("queryType").GetString());
        Assert.True(r.GetProperty("ideIntrospection").ValueKind == JsonValueKind.Number, "the IDE sent no introspection: " + r);
        Assert.Equal(200, r.GetProperty("ideIntrospection").GetInt32());
    }
}
