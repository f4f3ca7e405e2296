using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Hosting;

namespace DqPlatform.Api.Tests.Hosting;

/// <summary>A dashboard on an allowed origin may call the API from a browser; a page of any other origin may not.</summary>
public sealed class CrossOriginTests(CrossOriginTests.Factory api) : IClassFixture<CrossOriginTests.Factory>
{
    private const string Dashboard = "https://dashboard.example";

    public sealed class Factory : DqApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Dqp:Cors:AllowedOrigins:0", Dashboard);
        }
    }

    [Theory]
    [InlineData("POST", "authorization,content-type")]
    [InlineData("POST", "content-type,apollographql-client-name,apollographql-client-version,apollo-require-preflight")]
    [InlineData("GET", "authorization")]
    public async Task Preflight_FromAllowedOrigin_AllowsTheClientsMethodAndHeaders(string method, string headers)
    {
        var response = await PreflightAsync(Dashboard, method, headers);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Dashboard, Single(response, "Access-Control-Allow-Origin"));
        Assert.Contains(method, Single(response, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        var allowed = Single(response, "Access-Control-Allow-Headers").Split(',', StringSplitOptions.TrimEntries);
        Assert.All(headers.Split(','), h => Assert.Contains(h, allowed, StringComparer.OrdinalIgnoreCase));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("https://dashboard.example.evil.example")]
    [InlineData("http://localhost:5173")]
    [InlineData("null")]
    public async Task Preflight_FromOtherOrigin_GrantsNothing(string origin)
    {
        var response = await PreflightAsync(origin, "POST", "authorization,content-type");

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Post_FromAllowedOrigin_CarriesTheOriginOnTheAnswer_EvenWhenTheKeyIsRefused()
    {
        var client = api.CreateClient();
        foreach (var key in new[] { (await TestTenant.CreateAsync(api)).ApiKey, "dqp_not_a_key" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent("{ workspace { id } }") };
            request.Headers.Add("Origin", Dashboard);
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
            var response = await client.SendAsync(request);

            Assert.Equal(Dashboard, Single(response, "Access-Control-Allow-Origin"));
        }
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(Dashboard, true)]
    [InlineData("http://localhost", true)]
    [InlineData("https://evil.example", false)]
    [InlineData("http://localhost:5173", false)]
    public async Task WebSocketHandshake_AdmitsNoOriginItsOwnAndAllowedOnes_RefusesOtherBrowserOrigins(string? origin, bool admitted)
    {
        var client = api.Server.CreateWebSocketClient();
        client.SubProtocols.Add("graphql-transport-ws");
        if (origin is not null)
        {
            client.ConfigureRequest = request => request.Headers.Origin = origin;
        }

        if (admitted)
        {
            using var socket = await client.ConnectAsync(new Uri("ws://localhost/graphql"), CancellationToken.None);
            Assert.Equal(WebSocketState.Open, socket.State);
        }
        else
        {
            var refused = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => client.ConnectAsync(new Uri("ws://localhost/graphql"), CancellationToken.None));
            Assert.Contains("403", refused.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("http://localhost:5173", true)]
    [InlineData("https://127.0.0.1:8443", true)]
    [InlineData("http://[::1]:3000", true)]
    [InlineData("http://localhost.evil.example:5173", false)]
    [InlineData("http://localhost:5173/path", false)]
    [InlineData("file://localhost", false)]
    [InlineData("null", false)]
    public void LocalDevelopment_AllowsAnyLocalPort_AndNothingThatOnlyLooksLocal(string origin, bool allowed) =>
        Assert.Equal(allowed, new DqPlatform.Api.Hosting.BrowserOrigins { AllowLocalDevelopment = true }.IsAllowed(origin));

    private async Task<HttpResponseMessage> PreflightAsync(string origin, string method, string headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/graphql");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return await api.CreateClient().SendAsync(request);
    }

    private static StringContent JsonContent(string query) =>
        new(System.Text.Json.JsonSerializer.Serialize(new { query }), System.Text.Encoding.UTF8, "application/json");

    private static string Single(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values) ? string.Join(",", values) : "";
}
