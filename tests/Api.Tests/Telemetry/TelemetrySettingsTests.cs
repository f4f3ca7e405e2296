using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DqPlatform.TestSupport;

namespace DqPlatform.Api.Tests.Telemetry;

/// <summary>The API as a real process: console lines carry the request's trace id; the scrape token; telemetry off.</summary>
public sealed class TelemetrySettingsTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    [Fact]
    public async Task ConsoleLines_OfARequest_CarryItsTraceId()
    {
        await using var server = await ApiProcess.StartAsync(api.Database.ConnectionString, api.RedisConnectionString, api.EncryptionKey,
            // The console's own level (a provider's rules win over the general ones), so ASP.NET Core logs each request;
            // a variable naming the category itself has a dot, which the launcher's shell drops.
            new Dictionary<string, string> { ["Logging__Console__LogLevel__Default"] = "Information" });
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("{\"query\":\"{ __typename }\"}", Encoding.UTF8, "application/json") };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        (await http.SendAsync(request)).EnsureSuccessStatusCode();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!server.RecentOutput.Any(line => line.Contains("TraceId:" + traceId, StringComparison.Ordinal) && line.Contains("SpanId:", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "no console line with the trace id; last lines:\n" + string.Join('\n', server.RecentOutput.TakeLast(20)));
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task Metrics_WithAToken_AnswersOnlyTheBearer()
    {
        await using var server = await ApiProcess.StartAsync(api.Database.ConnectionString, api.RedisConnectionString, api.EncryptionKey,
            new Dictionary<string, string> { ["Dqp__Telemetry__MetricsToken"] = "scrape-secret" });
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "scrape-secret");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("# TYPE", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TelemetryOff_ServesNoMetrics()
    {
        await using var server = await ApiProcess.StartAsync(api.Database.ConnectionString, api.RedisConnectionString, api.EncryptionKey,
            new Dictionary<string, string> { ["Dqp__Telemetry__Enabled"] = "false" });
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        using var content = new StringContent("{\"query\":\"{ __typename }\"}", Encoding.UTF8, "application/json");
        (await http.PostAsync(new Uri("/graphql", UriKind.Relative), content)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
    }
}
