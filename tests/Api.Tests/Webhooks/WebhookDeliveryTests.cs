using System.Net;
using System.Text.Json;
using DqPlatform.Api.Tests.Checks;
using DqPlatform.Api.Tests.Telemetry;
using DqPlatform.GraphQL.Relay;
using DqPlatform.Infrastructure.Webhooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.Api.Tests.Webhooks;

public sealed class WebhookFactory : CheckEngineFactory
{
    public SpanList Spans { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.RecordEveryTrace(Spans);
        builder.UseSetting("Dqp:Webhooks:AllowedHosts:0", "127.0.0.1");
        builder.UseSetting("Dqp:Webhooks:RetryDelays:0", "00:00:01");
        builder.UseSetting("Dqp:Webhooks:RetryDelays:1", "00:00:01");
        builder.UseSetting("Dqp:Webhooks:RetryDelays:2", "00:00:01");
        builder.UseSetting("Dqp:Webhooks:MaxConsecutiveFailures", "3");
    }
}

/// <summary>Signed deliveries to a real receiver, retries, self-disabling, and the SSRF guard.</summary>
[Collection(HangfireServersCollection.Name)]
public sealed class WebhookDeliveryTests(WebhookFactory api) : IClassFixture<WebhookFactory>, IAsyncLifetime
{
    private const string Secret = "whsec-0123456789abcdef";
    private TestTenant _tenant = null!;
    private GraphQLClient _client = null!;
    private string _checkId = "";

    public async Task InitializeAsync()
    {
        _tenant = await TestTenant.CreateAsync(api);
        _client = api.GraphQL(_tenant.ApiKey);
        var connection = (await _client.DataAsync("mutation($c: JSON!) { createConnection(input: {name: \"src\", type: POSTGRESQL, config: $c}) { id } }",
            new { c = api.SourceConfig() })).GetProperty("createConnection").GetProperty("id").GetString();
        _checkId = (await _client.DataAsync($"mutation {{ createCheck(input: {{connectionId: \"{connection}\", name: \"too many\", checkType: \"row_count\", targetTable: \"orders\", config: {{max: 1}}}}) {{ id }} }}"))
            .GetProperty("createCheck").GetProperty("id").GetString()!;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> CreateWebhookAsync(string url, params string[] events) =>
        (await _client.DataAsync("mutation($u: String!, $e: [String!]!, $s: String) { createWebhook(input: {name: \"hook\", url: $u, events: $e, secret: $s}) { id } }",
            new { u = url, e = events, s = Secret })).GetProperty("createWebhook").GetProperty("id").GetString()!;

    private async Task<Domain.Webhooks.Webhook> RowAsync(string id)
    {
        GlobalId.TryDecode(id, out _, out Guid webhookId);
        await using var db = api.Database.CreateDqContext();
        return await db.Webhooks.AsNoTracking().SingleAsync(w => w.Id == webhookId);
    }

    // The receiver counts a request before its answer reaches the sender, and the row is written after that: wait for
    // the row to settle (or the deadline), then assert on it.
    private async Task<Domain.Webhooks.Webhook> RowSettledAsync(string id, Func<Domain.Webhooks.Webhook, bool> settled)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var row = await RowAsync(id);
        while (!settled(row) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            row = await RowAsync(id);
        }

        return row;
    }

    private static void AssertSigned(WebhookReceiver.Received request)
    {
        var timestamp = request.Headers["X-DQP-Timestamp"];
        Assert.Equal("sha256=" + WebhookDelivery.Sign(Secret, timestamp, request.Body), request.Headers["X-DQP-Signature"]);
        Assert.InRange(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
    }

    [Fact]
    public async Task WebhookDelivery_ForFailedCheckAndItsNewIncident_IsSigned()
    {
        using var receiver = new WebhookReceiver();
        var hook = await CreateWebhookAsync(receiver.Url, "check.failed", "incident.created");
        await _client.DataAsync($"mutation {{ runCheck(id: \"{_checkId}\") {{ id }} }}");
        await receiver.WaitForAsync(2);

        var byEvent = receiver.Requests.ToDictionary(r => r.Headers["X-DQP-Event"]);
        Assert.Equal(["check.failed", "incident.created"], byEvent.Keys.Order());
        foreach (var request in byEvent.Values)
        {
            AssertSigned(request);
            var body = JsonDocument.Parse(request.Body).RootElement;
            Assert.Equal(request.Headers["X-DQP-Delivery"], body.GetProperty("id").GetString());
            Assert.Equal(_tenant.WorkspaceId.ToString(), body.GetProperty("data").GetProperty("workspaceId").GetString());
            // The body keeps its shape: ids and display fields, not the committed object a live event carries.
            Assert.All(body.GetProperty("data").EnumerateObject(), p => Assert.NotEqual(JsonValueKind.Object, p.Value.ValueKind));
            Assert.False(body.GetProperty("data").TryGetProperty("position", out _));
        }

        var row = await RowSettledAsync(hook, r => r.LastResponseCode is not null);
        Assert.Equal((200, 0), (row.LastResponseCode, row.FailureCount));
        Assert.NotNull(row.LastTriggeredAt);
        // The signing secret is stored encrypted, yet signs correctly (checked above).
        Assert.StartsWith("enc:", row.Secret, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, row.Secret, StringComparison.Ordinal);
    }

    /// <summary>
    /// Slack's and Teams' webhook URLs carry their token in the path: neither a delivery from a job nor a test
    /// delivery inside a traced request may write it to a log line, a log scope or a span.
    /// </summary>
    [Fact]
    public async Task WebhookDelivery_KeepsTheSecretPathOutOfLogsAndSpans()
    {
        var token = "T0B0" + Guid.NewGuid().ToString("N");
        using var receiver = new WebhookReceiver($"services/{token}/");
        var hook = await CreateWebhookAsync(receiver.Url, "check.failed");
        await _client.DataAsync($"mutation {{ runCheck(id: \"{_checkId}\") {{ id }} }}");
        await receiver.WaitForAsync(1);
        // The client's request logging runs before the delivery records its answer.
        Assert.Equal(200, (await RowSettledAsync(hook, r => r.LastResponseCode is not null)).LastResponseCode);
        var test = (await _client.DataAsync($"mutation WebhookSecretProbe {{ testWebhook(id: \"{hook}\") {{ delivered }} }}")).GetProperty("testWebhook");
        Assert.True(test.GetProperty("delivered").GetBoolean());
        Assert.Equal(2, receiver.Requests.Count);

        Assert.NotEmpty(api.Logs.Lines);
        Assert.DoesNotContain(api.Logs.Lines, l => l.Contains(token, StringComparison.Ordinal));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!api.Spans.Snapshot().Any(s => s.GetTagItem("graphql.operation.name") is "WebhookSecretProbe"))
        {
            Assert.True(DateTime.UtcNow < deadline, "the test delivery's operation was not traced");
            await Task.Delay(100);
        }

        foreach (var span in api.Spans.Snapshot())
        {
            var texts = new[] { span.DisplayName, span.StatusDescription ?? "" }
                .Concat(span.TagObjects.Select(t => t.Key + "=" + t.Value))
                .Concat(span.Events.SelectMany(e => e.Tags.Select(t => t.Key + "=" + t.Value)));
            Assert.All(texts, text => Assert.DoesNotContain(token, text, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task WebhookDelivery_WhenReceiverFailsTwice_SucceedsOnThirdAttempt()
    {
        using var receiver = new WebhookReceiver(HttpStatusCode.InternalServerError, HttpStatusCode.BadGateway);
        var hook = await CreateWebhookAsync(receiver.Url, "check.failed");
        await _client.DataAsync($"mutation {{ runCheck(id: \"{_checkId}\") {{ id }} }}");
        await receiver.WaitForAsync(3);

        var attempts = receiver.Requests.ToList();
        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.BadGateway, HttpStatusCode.OK], attempts.Select(a => a.Answer));
        Assert.Single(attempts.Select(a => a.Headers["X-DQP-Delivery"]).Distinct());
        var row = await RowSettledAsync(hook, r => r.LastResponseCode == 200);
        Assert.Equal((200, 0, true), (row.LastResponseCode, row.FailureCount, row.Enabled));
    }

    [Fact]
    public async Task WebhookDelivery_WhenReceiverKeepsFailing_DisablesTheWebhook()
    {
        using var receiver = new WebhookReceiver(Enumerable.Repeat(HttpStatusCode.ServiceUnavailable, 10).ToArray());
        var hook = await CreateWebhookAsync(receiver.Url, "check.failed");
        await _client.DataAsync($"mutation {{ runCheck(id: \"{_checkId}\") {{ id }} }}");
        await receiver.WaitForAsync(3);
        var row = await RowSettledAsync(hook, r => !r.Enabled);
        Assert.Equal((503, 3, false), (row.LastResponseCode, row.FailureCount, row.Enabled));
    }

    [Fact]
    public async Task TestWebhook_SendsSignedPingAndReportsTheAnswer()
    {
        using var receiver = new WebhookReceiver(HttpStatusCode.Accepted);
        var hook = await CreateWebhookAsync(receiver.Url, "incident.resolved");
        var result = (await _client.DataAsync($"mutation {{ testWebhook(id: \"{hook}\") {{ delivered responseCode error }} }}")).GetProperty("testWebhook");
        Assert.Equal((true, 202), (result.GetProperty("delivered").GetBoolean(), result.GetProperty("responseCode").GetInt32()));
        var ping = Assert.Single(receiver.Requests);
        Assert.Equal("ping", ping.Headers["X-DQP-Event"]);
        AssertSigned(ping);
    }

    [Theory]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://192.168.0.10:8080/")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://localhost:9999/hook")]
    [InlineData("http://0.0.0.0/")]
    [InlineData("http://[::127.0.0.1]:5080/")]
    [InlineData("http://[64:ff9b::7f00:1]/")]
    [InlineData("http://[::ffff:0:127.0.0.1]:5080/")]
    [InlineData("http://[::ffff:127.0.0.1]/")]
    [InlineData("http://[2002:7f00:1::1]/")]
    [InlineData("http://[fd00:ec2::254]/")]
    public async Task CreateWebhook_ToInternalDestination_IsRefusedUnlessAllowListed(string url)
    {
        var (_, body) = await _client.SendAsync("mutation($u: String!) { createWebhook(input: {name: \"ssrf\", url: $u, events: [\"check.failed\"]}) { id } }", new { u = url });
        var error = body.GetProperty("errors")[0].GetProperty("extensions");
        Assert.Equal(("VALIDATION", "url"), (error.GetProperty("code").GetString(), error.GetProperty("field").GetString()));
        await using var db = api.Database.CreateDqContext();
        Assert.False(await db.Webhooks.AnyAsync(w => w.Name == "ssrf"));
    }

    /// <summary>
    /// The client connects only to the address the guard judged: a receiver reached through a name the allow-list
    /// does not hold is refused at connect time, whatever the name resolves to by then.
    /// </summary>
    [Fact]
    public async Task WebhookDestinations_AtConnect_RefuseWhatTheGuardRefuses()
    {
        var destinations = api.Services.GetRequiredService<WebhookDestinations>();
        using var handler = new SocketsHttpHandler { ConnectCallback = destinations.ConnectAsync, UseProxy = false };
        using var client = new HttpClient(handler);
        using var receiver = new WebhookReceiver();
        var viaLocalhost = receiver.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(new Uri(viaLocalhost), new StringContent("{}")));
        Assert.Contains("internal networks", refused.Message, StringComparison.Ordinal);
        Assert.Empty(receiver.Requests);
        Assert.True((await client.PostAsync(new Uri(receiver.Url), new StringContent("{}"))).IsSuccessStatusCode); // 127.0.0.1 is allow-listed here
    }
}
