using System.Net;
using System.Text.Json;
using DqPlatform.Api.Tests.Checks;
using DqPlatform.Api.Tests.Webhooks;
using DqPlatform.GraphQL.Relay;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Npgsql;

namespace DqPlatform.Api.Tests.Notifications;

/// <summary>
/// Incident changes routed to Slack, Teams, PagerDuty and e-mail receivers running inside the test, in each vendor's
/// documented shape; retries, health, the delivery log, and secrets kept out of the graph and Hangfire's job rows.
/// </summary>
[Collection(HangfireServersCollection.Name)]
public sealed class NotificationDeliveryTests(NotificationFactory api) : IClassFixture<NotificationFactory>, IAsyncLifetime
{
    private TestTenant _tenant = null!;
    private GraphQLClient _client = null!;
    private string _connectionId = "";

    public async Task InitializeAsync()
    {
        _tenant = await TestTenant.CreateAsync(api);
        _client = api.GraphQL(_tenant.ApiKey);
        _connectionId = (await _client.DataAsync("mutation($c: JSON!) { createConnection(input: {name: \"warehouse\", type: POSTGRESQL, config: $c}) { id } }",
            new { c = api.SourceConfig() })).GetProperty("createConnection").GetProperty("id").GetString()!;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> CheckAsync(string name, string severity = "ERROR", params string[] tags) =>
        (await _client.DataAsync("mutation($c: ID!, $n: String!, $t: [String!]) { createCheck(input: {connectionId: $c, name: $n, checkType: \"row_count\", targetTable: \"orders\", config: {max: 1}, severity: " + severity + ", tags: $t}) { id } }",
            new { c = _connectionId, n = name, t = tags })).GetProperty("createCheck").GetProperty("id").GetString()!;

    private async Task<string> ChannelAsync(string name, string kind, object settings)
    {
        var input = JsonSerializer.SerializeToElement(settings).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        input["name"] = name;
        input["kind"] = kind;
        return (await _client.DataAsync("mutation($i: CreateNotificationChannelInput!) { createNotificationChannel(input: $i) { id } }", new { i = input }))
            .GetProperty("createNotificationChannel").GetProperty("id").GetString()!;
    }

    private async Task<string> RuleAsync(string name, string[] channels, string extra = "") =>
        (await _client.DataAsync($"mutation($ch: [ID!]!) {{ createNotificationRule(input: {{name: \"{name}\", channelIds: $ch {extra}}}) {{ id position }} }}", new { ch = channels }))
            .GetProperty("createNotificationRule").GetProperty("id").GetString()!;

    private async Task<string> FailAsync(string checkId)
    {
        await _client.DataAsync($"mutation {{ runCheck(id: \"{checkId}\") {{ id }} }}");
        GlobalId.TryDecode(checkId, out _, out Guid check);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var db = api.Database.CreateDqContext();
            if (await db.Incidents.AsNoTracking().Where(i => i.CheckId == check).Select(i => (Guid?)i.Id).FirstOrDefaultAsync() is { } id)
            {
                return GlobalId.Encode("Incident", id);
            }

            Assert.True(DateTime.UtcNow < deadline, "the check opened no incident");
            await Task.Delay(100);
        }
    }

    private async Task<List<JsonElement>> DeliveriesAsync(string channelId, Func<List<JsonElement>, bool> settled)
    {
        var deadline = DateTime.UtcNow.AddSeconds(40);
        while (true)
        {
            var rows = (await _client.DataAsync("query($c: ID!) { notificationDeliveries(where: {channelId: {eq: $c}}, order: [{createdAt: ASC}, {attempt: ASC}]) { nodes { event attempt status statusCode latencyMs error nextRetryAt deliveredAt attemptedAt incident { id } } } }",
                new { c = channelId })).GetProperty("notificationDeliveries").GetProperty("nodes").EnumerateArray().ToList();
            if (settled(rows) || DateTime.UtcNow > deadline)
            {
                return rows;
            }

            await Task.Delay(100);
        }
    }

    private static JsonElement Json(WebhookReceiver.Received request) => JsonDocument.Parse(request.Body).RootElement;

    [Fact]
    public async Task IncidentLifecycle_ReachesEveryVendor_InItsDocumentedShape()
    {
        var slackToken = "T0B0" + Guid.NewGuid().ToString("N");
        using var slack = new WebhookReceiver($"services/{slackToken}/");
        using var teams = new WebhookReceiver("webhookb2/teams/");
        using var smtp = new SmtpReceiver();
        var routingKey = Guid.NewGuid().ToString("N");
        string[] channels =
        [
            await ChannelAsync("slack", "SLACK", new { url = slack.Url }),
            await ChannelAsync("teams", "TEAMS", new { url = teams.Url }),
            await ChannelAsync("pager", "PAGER_DUTY", new { routingKey }),
            await ChannelAsync("mail", "EMAIL", new { email = new { host = "127.0.0.1", port = smtp.Port, security = "NONE", from = "dq@example.com", to = new[] { "ops@example.com", "data@example.com" } } }),
        ];
        await RuleAsync("everything", channels);
        var incident = await FailAsync(await CheckAsync("too many orders"));
        await Task.WhenAll(slack.WaitForAsync(1), teams.WaitForAsync(1), smtp.WaitForAsync(1));
        await WaitForPagerDutyAsync(routingKey, 1);

        // Slack Block Kit: fallback text, a header, a section with fields, a context line with the link.
        var s = Json(Assert.Single(slack.Requests));
        Assert.Contains("too many orders", s.GetProperty("text").GetString(), StringComparison.Ordinal);
        var blocks = s.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(["header", "section", "context"], blocks.Select(b => b.GetProperty("type").GetString()));
        var fields = blocks[1].GetProperty("fields").EnumerateArray().Select(f => (f.GetProperty("type").GetString(), f.GetProperty("text").GetString()!)).ToList();
        Assert.All(fields, f => Assert.Equal("mrkdwn", f.Item1));
        Assert.Contains(fields, f => f.Item2 == "*Severity*\nerror");
        Assert.Contains(fields, f => f.Item2 == "*Table*\norders");
        Assert.Contains(fields, f => f.Item2 == "*Connection*\nwarehouse");
        Assert.Contains(fields, f => f.Item2 == "*Failures*\n1");
        Assert.Contains($"{NotificationFactory.PublicBaseUrl}/incidents/{incident}", blocks[2].GetProperty("elements")[0].GetProperty("text").GetString(), StringComparison.Ordinal);

        // Teams: a message with one Adaptive Card attachment.
        var t = Json(Assert.Single(teams.Requests));
        Assert.Equal("message", t.GetProperty("type").GetString());
        var attachment = t.GetProperty("attachments")[0];
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        var card = attachment.GetProperty("content");
        Assert.Equal(("AdaptiveCard", "1.4"), (card.GetProperty("type").GetString(), card.GetProperty("version").GetString()));
        Assert.Contains(card.GetProperty("body")[1].GetProperty("facts").EnumerateArray(), f => f.GetProperty("title").GetString() == "Check" && f.GetProperty("value").GetString() == "too many orders");
        Assert.Equal("Action.OpenUrl", card.GetProperty("actions")[0].GetProperty("type").GetString());

        // E-mail: to every recipient, with a text and an HTML part.
        var mail = Assert.Single(smtp.Messages);
        Assert.Equal(["ops@example.com", "data@example.com"], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("dq@example.com", mail.From.Mailboxes.Single().Address);
        Assert.Contains("too many orders", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("Connection: warehouse", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("<th align=\"left\">Table</th><td>orders</td>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("multipart/alternative", mail.Body!.ContentType.MimeType);

        // PagerDuty: trigger, then acknowledge and resolve with the same dedup key (the incident id).
        GlobalId.TryDecode(incident, out _, out Guid incidentId);
        var trigger = (await WaitForPagerDutyAsync(routingKey, 1))[0];
        Assert.Equal(("trigger", incidentId.ToString()), (trigger.GetProperty("event_action").GetString(), trigger.GetProperty("dedup_key").GetString()));
        var payload = trigger.GetProperty("payload");
        Assert.Equal("error", payload.GetProperty("severity").GetString());
        Assert.Equal("warehouse/orders", payload.GetProperty("source").GetString());
        Assert.Contains("too many orders", payload.GetProperty("summary").GetString(), StringComparison.Ordinal);

        await _client.DataAsync($"mutation {{ acknowledgeIncident(id: \"{incident}\") {{ id }} }}");
        await WaitForPagerDutyAsync(routingKey, 2);
        await _client.DataAsync($"mutation {{ resolveIncident(id: \"{incident}\") {{ id }} }}");
        var events = await WaitForPagerDutyAsync(routingKey, 3);
        Assert.Equal(["trigger", "acknowledge", "resolve"], events.Select(e => e.GetProperty("event_action").GetString()));
        Assert.All(events, e => Assert.Equal(incidentId.ToString(), e.GetProperty("dedup_key").GetString()));
        Assert.False(events[2].TryGetProperty("payload", out _));
        await slack.WaitForAsync(3);
        Assert.Contains("Incident resolved", Json(slack.Requests.Last()).GetProperty("text").GetString(), StringComparison.Ordinal);

        // Each attempt is in the log: delivered, with the receiver's status and a latency.
        var log = await DeliveriesAsync(channels[0], rows => rows.Count == 3 && rows.All(r => r.GetProperty("status").GetString() == "DELIVERED"));
        Assert.Equal(["incident.created", "incident.acknowledged", "incident.resolved"], log.Select(r => r.GetProperty("event").GetString()));
        Assert.All(log, r => Assert.Equal((200, incident), (r.GetProperty("statusCode").GetInt32(), r.GetProperty("incident").GetProperty("id").GetString())));
        Assert.All(log, r => Assert.True(r.GetProperty("latencyMs").GetInt32() >= 0));
        var mailLog = await DeliveriesAsync(channels[3], rows => rows.Count == 3 && rows.All(r => r.GetProperty("status").GetString() == "DELIVERED"));
        Assert.All(mailLog, r => Assert.Equal(250, r.GetProperty("statusCode").GetInt32()));

        // Secrets: never in the graph, sealed in the database, and never in Hangfire's job rows (ids only).
        var shown = (await _client.DataAsync("{ notificationChannels { nodes { name kind target health } } }")).ToString();
        Assert.DoesNotContain(slackToken, shown, StringComparison.Ordinal);
        Assert.DoesNotContain(routingKey, shown, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:", shown, StringComparison.Ordinal);
        Assert.Contains("routing key ••••" + routingKey[^4..], shown, StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var jobs = new NpgsqlCommand("SELECT string_agg(invocationdata::text || ' ' || arguments::text, E'\\n') FROM hangfire.job WHERE invocationdata::text LIKE '%NotificationDeliveryJob%'", connection);
        var jobText = (string)(await jobs.ExecuteScalarAsync())!;
        Assert.Contains("NotificationDeliveryJob", jobText, StringComparison.Ordinal);
        foreach (var secret in new[] { slackToken, routingKey, "127.0.0.1", "too many orders", "ops@example.com" })
        {
            Assert.DoesNotContain(secret, jobText, StringComparison.Ordinal);
        }

        Assert.NotEmpty(api.Logs.Lines);
        Assert.DoesNotContain(api.Logs.Lines, l => l.Contains(slackToken, StringComparison.Ordinal) || l.Contains(routingKey, StringComparison.Ordinal));
        await using var sealedRows = new NpgsqlCommand("SELECT string_agg(encode(settings_sealed, 'escape') || target, '') FROM dq.notification_channels", connection);
        var stored = (string)(await sealedRows.ExecuteScalarAsync())!;
        Assert.DoesNotContain(slackToken, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(routingKey, stored, StringComparison.Ordinal);
    }

    private async Task<List<JsonElement>> WaitForPagerDutyAsync(string routingKey, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(40);
        while (true)
        {
            var mine = api.PagerDuty.Requests.Select(Json).Where(r => r.GetProperty("routing_key").GetString() == routingKey).ToList();
            if (mine.Count >= count)
            {
                return mine;
            }

            Assert.True(DateTime.UtcNow < deadline, $"PagerDuty got {mine.Count} of {count} events");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task FailingReceiver_IsRetriedWithBackoff_LoggedPerAttempt_AndDelivers()
    {
        using var slack = new WebhookReceiver("services/retry/", HttpStatusCode.InternalServerError, HttpStatusCode.OK);
        var channel = await ChannelAsync("slack", "SLACK", new { url = slack.Url });
        await RuleAsync("all", [channel]);
        await FailAsync(await CheckAsync("retried"));
        await slack.WaitForAsync(2);

        var log = await DeliveriesAsync(channel, rows => rows.Count == 2 && rows[1].GetProperty("status").GetString() == "DELIVERED");
        Assert.Equal([(1, "FAILED", 500), (2, "DELIVERED", 200)],
            log.Select(r => (r.GetProperty("attempt").GetInt32(), r.GetProperty("status").GetString(), r.GetProperty("statusCode").GetInt32())));
        Assert.Equal("The receiver answered 500.", log[0].GetProperty("error").GetString());
        var retryAt = log[0].GetProperty("nextRetryAt").GetDateTimeOffset();
        Assert.True(retryAt > log[0].GetProperty("attemptedAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, log[1].GetProperty("nextRetryAt").ValueKind);
        Assert.Equal(slack.Requests.First().Body, slack.Requests.Last().Body);
        var health = (await _client.DataAsync($"{{ node(id: \"{channel}\") {{ ... on NotificationChannel {{ health consecutiveFailures lastDeliveredAt }} }} }}")).GetProperty("node");
        Assert.Equal(("HEALTHY", 0), (health.GetProperty("health").GetString(), health.GetProperty("consecutiveFailures").GetInt32()));
    }

    [Fact]
    public async Task ReceiverThatKeepsFailing_MarksTheChannelUnhealthy_UntilTheNextSuccess()
    {
        using var teams = new WebhookReceiver("teams/down/", HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable);
        var channel = await ChannelAsync("teams", "TEAMS", new { url = teams.Url });
        await RuleAsync("all", [channel]);
        await FailAsync(await CheckAsync("down"));
        await teams.WaitForAsync(3);

        // Bounded: MaxAttempts (3) attempts, the last with no retry after it.
        var log = await DeliveriesAsync(channel, rows => rows.Count == 3 && rows.All(r => r.GetProperty("status").GetString() == "FAILED"));
        Assert.Equal([1, 2, 3], log.Select(r => r.GetProperty("attempt").GetInt32()));
        Assert.Equal(JsonValueKind.Null, log[2].GetProperty("nextRetryAt").ValueKind);
        var query = $"{{ node(id: \"{channel}\") {{ ... on NotificationChannel {{ health consecutiveFailures unhealthySince lastError }} }} }}";
        var down = await SettledAsync(query, n => n.GetProperty("health").GetString() == "UNHEALTHY");
        Assert.Equal((3, "The receiver answered 503."), (down.GetProperty("consecutiveFailures").GetInt32(), down.GetProperty("lastError").GetString()));

        // The test message goes out although the channel is unhealthy, and its success clears the mark.
        var test = (await _client.DataAsync($"mutation {{ testNotificationChannel(id: \"{channel}\") {{ event attempt status statusCode error }} }}")).GetProperty("testNotificationChannel");
        Assert.Equal(("test", "DELIVERED", 200), (test.GetProperty("event").GetString(), test.GetProperty("status").GetString(), test.GetProperty("statusCode").GetInt32()));
        var up = (await _client.DataAsync(query)).GetProperty("node");
        Assert.Equal(("HEALTHY", 0), (up.GetProperty("health").GetString(), up.GetProperty("consecutiveFailures").GetInt32()));
        Assert.Equal(JsonValueKind.Null, up.GetProperty("unhealthySince").ValueKind);
    }

    private async Task<JsonElement> SettledAsync(string query, Func<JsonElement, bool> settled)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var node = (await _client.DataAsync(query)).GetProperty("node");
            if (settled(node) || DateTime.UtcNow > deadline)
            {
                return node;
            }

            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Rules_RouteBySeverityAndTag_InOrder_WithStopHere()
    {
        using var pager = new WebhookReceiver("pager/");
        using var chat = new WebhookReceiver("chat/");
        var pagerChannel = await ChannelAsync("pager", "SLACK", new { url = pager.Url });
        var chatChannel = await ChannelAsync("chat", "SLACK", new { url = chat.Url });
        await RuleAsync("chat for errors", [chatChannel], ", minSeverity: ERROR");
        // Created second, moved first: fatal finance incidents page and stop there.
        var first = await RuleAsync("page fatal finance", [pagerChannel], ", minSeverity: FATAL, tags: [\"finance\"], stopHere: true, events: [CREATED]");
        var moved = (await _client.DataAsync($"mutation {{ updateNotificationRule(input: {{id: \"{first}\", position: 0}}) {{ position }} }}")).GetProperty("updateNotificationRule");
        Assert.Equal(0, moved.GetProperty("position").GetInt32());
        var order = (await _client.DataAsync("{ notificationRules { nodes { name position channels { name } } } }")).GetProperty("notificationRules").GetProperty("nodes");
        Assert.Equal(["page fatal finance", "chat for errors"], order.EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        Assert.Equal("pager", order[0].GetProperty("channels")[0].GetProperty("name").GetString());

        await FailAsync(await CheckAsync("fatal finance", "FATAL", "finance"));
        await FailAsync(await CheckAsync("warning finance", "WARNING", "finance"));
        await FailAsync(await CheckAsync("error ops", "ERROR", "ops"));
        await pager.WaitForAsync(1);
        await chat.WaitForAsync(1);
        // The queue drains: every delivery of this workspace has settled before the counts are taken.
        var all = (await _client.DataAsync("{ notificationDeliveries { totalCount } }")).GetProperty("notificationDeliveries").GetProperty("totalCount").GetInt32();
        Assert.Equal(2, all);
        Assert.Contains("fatal finance", Assert.Single(pager.Requests).Body, StringComparison.Ordinal);
        Assert.Contains("error ops", Assert.Single(chat.Requests).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChannelsAndRules_RefuseBadInput_AndOtherWorkspacesReferences()
    {
        Assert.Equal("VALIDATION", await _client.ErrorCodeAsync("mutation { createNotificationChannel(input: {name: \"x\", kind: SLACK, url: \"http://10.1.2.3/hook\"}) { id } }"));
        Assert.Equal("VALIDATION", await _client.ErrorCodeAsync("mutation { createNotificationChannel(input: {name: \"x\", kind: PAGER_DUTY}) { id } }"));
        Assert.Equal("VALIDATION", await _client.ErrorCodeAsync("mutation { createNotificationChannel(input: {name: \"x\", kind: EMAIL, email: {host: \"smtp.example.com\", from: \"nope\", to: [\"a@example.com\"]}}) { id } }"));
        var other = await TestTenant.CreateAsync(api);
        using var receiver = new WebhookReceiver("other/");
        var theirs = (await api.GraphQL(other.ApiKey).DataAsync("mutation($u: String!) { createNotificationChannel(input: {name: \"theirs\", kind: SLACK, url: $u}) { id } }", new { u = receiver.Url }))
            .GetProperty("createNotificationChannel").GetProperty("id").GetString()!;
        Assert.Equal("VALIDATION", await _client.ErrorCodeAsync($"mutation {{ createNotificationRule(input: {{name: \"r\", channelIds: [\"{theirs}\"]}}) {{ id }} }}"));
        Assert.Equal("NOT_FOUND", await _client.ErrorCodeAsync($"mutation {{ testNotificationChannel(id: \"{theirs}\") {{ id }} }}"));
        Assert.Equal(0, (await _client.DataAsync("{ notificationRules { totalCount } notificationChannels { totalCount } }")).GetProperty("notificationRules").GetProperty("totalCount").GetInt32());
        Assert.Empty(receiver.Requests);

        // A workspace's incidents never reach another workspace's channels.
        await api.GraphQL(other.ApiKey).DataAsync($"mutation {{ createNotificationRule(input: {{name: \"all\", channelIds: [\"{theirs}\"]}}) {{ id }} }}");
        using var mine = new WebhookReceiver("mine/");
        await RuleAsync("mine", [await ChannelAsync("mine", "SLACK", new { url = mine.Url })]);
        await FailAsync(await CheckAsync("isolated"));
        await mine.WaitForAsync(1);
        Assert.Empty(receiver.Requests);
    }

    private async Task<(string? Code, string? Field)> RefusalAsync(string query, object? variables = null)
    {
        var (_, body) = await _client.SendAsync(query, variables);
        Assert.True(body.TryGetProperty("errors", out var errors), "expected an error, got " + body);
        var extensions = errors[0].GetProperty("extensions");
        return (extensions.GetProperty("code").GetString(), extensions.TryGetProperty("field", out var field) ? field.GetString() : null);
    }

    private async Task<EmailSettingsStored> StoredEmailAsync(string channelId)
    {
        GlobalId.TryDecode(channelId, out _, out Guid id);
        await using var db = api.Database.CreateDqContext();
        var row = await db.NotificationChannels.AsNoTracking().SingleAsync(c => c.Id == id);
        var email = api.Services.GetRequiredService<DqPlatform.Infrastructure.Notifications.ChannelSecrets>().Open(row.SettingsSealed).Email!;
        return new EmailSettingsStored(email.Host, email.User, email.Password);
    }

    private sealed record EmailSettingsStored(string Host, string? User, string? Password);

    [Fact]
    public async Task StoredSmtpPassword_IsNotCarriedToAnotherServer_NorSentWithoutTls()
    {
        const string update = "mutation($i: UpdateNotificationChannelInput!) { updateNotificationChannel(input: $i) { target } }";
        var channel = await ChannelAsync("mail", "EMAIL", new { email = new { host = "smtp.example.com", port = 587, security = "START_TLS", user = "dq", password = "s3cret", from = "dq@example.com", to = new[] { "ops@example.com" } } });

        // Pointing the channel at another server without the password again is refused, and nothing changes.
        Assert.Equal(("VALIDATION", "email.password"), await RefusalAsync(update,
            new { i = new { id = channel, email = new { host = "attacker.example.net", port = 587, security = "START_TLS", user = "dq", from = "dq@example.com", to = new[] { "ops@example.com" } } } }));
        Assert.Equal(("VALIDATION", "email.password"), await RefusalAsync(update,
            new { i = new { id = channel, email = new { host = "smtp.example.com", port = 2525, security = "START_TLS", user = "dq", from = "dq@example.com", to = new[] { "ops@example.com" } } } }));
        Assert.Equal(new EmailSettingsStored("smtp.example.com", "dq", "s3cret"), await StoredEmailAsync(channel));

        // The same server and login keep it; a new server with the password given again takes the new one.
        await _client.DataAsync(update, new { i = new { id = channel, email = new { host = "smtp.example.com", port = 587, security = "START_TLS", user = "dq", from = "dq@example.com", to = new[] { "data@example.com" } } } });
        Assert.Equal(new EmailSettingsStored("smtp.example.com", "dq", "s3cret"), await StoredEmailAsync(channel));
        await _client.DataAsync(update, new { i = new { id = channel, email = new { host = "smtp2.example.com", port = 587, security = "TLS", user = "dq", password = "n3w", from = "dq@example.com", to = new[] { "data@example.com" } } } });
        Assert.Equal(new EmailSettingsStored("smtp2.example.com", "dq", "n3w"), await StoredEmailAsync(channel));

        // No user: the stored password is dropped rather than carried to the new server.
        await _client.DataAsync(update, new { i = new { id = channel, email = new { host = "relay.example.net", port = 587, security = "START_TLS", from = "dq@example.com", to = new[] { "data@example.com" } } } });
        Assert.Equal(new EmailSettingsStored("relay.example.net", null, null), await StoredEmailAsync(channel));

        // Credentials never go out in cleartext.
        Assert.Equal(("VALIDATION", "email.security"), await RefusalAsync("mutation($i: CreateNotificationChannelInput!) { createNotificationChannel(input: $i) { id } }",
            new { i = new { name = "plain", kind = "EMAIL", email = new { host = "smtp.example.com", port = 25, security = "NONE", user = "dq", password = "s3cret", from = "dq@example.com", to = new[] { "ops@example.com" } } } }));
        Assert.Equal(("VALIDATION", "email.security"), await RefusalAsync(update,
            new { i = new { id = channel, email = new { host = "relay.example.net", port = 25, security = "NONE", user = "dq", password = "s3cret", from = "dq@example.com", to = new[] { "ops@example.com" } } } }));
        Assert.Equal(1, (await _client.DataAsync("{ notificationChannels { totalCount } }")).GetProperty("notificationChannels").GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task ChatWebhookUrls_MustBeHttps_UnlessTheHostIsAllowListed()
    {
        const string create = "mutation($u: String!, $k: NotificationChannelKind!) { createNotificationChannel(input: {name: \"chat\", kind: $k, url: $u}) { id } }";
        // A public host (this one never resolves, so the SSRF guard alone would accept it until delivery).
        Assert.Equal(("VALIDATION", "url"), await RefusalAsync(create, new { u = "http://hooks.slack.invalid/services/T0/B0/token", k = "SLACK" }));
        Assert.Equal(("VALIDATION", "url"), await RefusalAsync(create, new { u = "http://teams.invalid/webhookb2/token", k = "TEAMS" }));
        using var local = new WebhookReceiver("allowed/");
        var channel = await ChannelAsync("local", "SLACK", new { url = local.Url });
        Assert.StartsWith("http://127.0.0.1:", local.Url, StringComparison.Ordinal);
        Assert.Equal(("VALIDATION", "url"), await RefusalAsync($"mutation {{ updateNotificationChannel(input: {{id: \"{channel}\", url: \"http://hooks.slack.invalid/services/x\"}}) {{ id }} }}"));
    }

    [Fact]
    public async Task TestSend_IsThrottledPerChannel_AndAPagerDutyTestIsResolvedAtOnce()
    {
        var routingKey = Guid.NewGuid().ToString("N");
        var pager = await ChannelAsync("pager", "PAGER_DUTY", new { routingKey });
        var test = (await _client.DataAsync($"mutation {{ testNotificationChannel(id: \"{pager}\") {{ status error }} }}")).GetProperty("testNotificationChannel");
        Assert.Equal("DELIVERED", test.GetProperty("status").GetString());

        var events = await WaitForPagerDutyAsync(routingKey, 2);
        Assert.Equal(["trigger", "resolve"], events.Select(e => e.GetProperty("event_action").GetString()));
        Assert.StartsWith("dqp-test-", events[0].GetProperty("dedup_key").GetString(), StringComparison.Ordinal);
        Assert.Equal(events[0].GetProperty("dedup_key").GetString(), events[1].GetProperty("dedup_key").GetString());

        // A second test within the cooldown is refused with a retry hint, and sends nothing.
        var (_, body) = await _client.SendAsync($"mutation {{ testNotificationChannel(id: \"{pager}\") {{ status }} }}");
        var extensions = body.GetProperty("errors")[0].GetProperty("extensions");
        Assert.Equal("RATE_LIMITED", extensions.GetProperty("code").GetString());
        Assert.InRange(extensions.GetProperty("retryAfterSeconds").GetInt32(), 1, 10);
        Assert.Single(await DeliveriesAsync(pager, _ => true));
        Assert.Equal(2, api.PagerDuty.Requests.Select(Json).Count(r => r.GetProperty("routing_key").GetString() == routingKey));

        // The cooldown is per channel: another channel tests at once.
        using var slack = new WebhookReceiver("services/cooldown/");
        var other = await ChannelAsync("slack", "SLACK", new { url = slack.Url });
        Assert.Equal("DELIVERED", (await _client.DataAsync($"mutation {{ testNotificationChannel(id: \"{other}\") {{ status }} }}")).GetProperty("testNotificationChannel").GetProperty("status").GetString());
    }

    [Fact]
    public async Task CheckNames_ReachSlackAndTeams_Escaped()
    {
        const string name = "<!channel> <https://evil|x>";
        using var slack = new WebhookReceiver("services/escape/");
        using var teams = new WebhookReceiver("webhookb2/escape/");
        await RuleAsync("all", [await ChannelAsync("slack", "SLACK", new { url = slack.Url }), await ChannelAsync("teams", "TEAMS", new { url = teams.Url })]);
        await FailAsync(await CheckAsync(name));
        await Task.WhenAll(slack.WaitForAsync(1), teams.WaitForAsync(1));

        // Slack: the fallback text and every mrkdwn field carry the name escaped (the header is plain_text, never parsed).
        var s = Json(Assert.Single(slack.Requests));
        const string slackEscaped = "&lt;!channel&gt; &lt;https://evil|x&gt;";
        Assert.Contains(slackEscaped, s.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains(slackEscaped, s.GetProperty("blocks")[1].GetProperty("text").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains(s.GetProperty("blocks")[1].GetProperty("fields").EnumerateArray(), f => f.GetProperty("text").GetString() == "*Check*\n" + slackEscaped);
        Assert.Equal(name, s.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString()!.Split(": ", 2)[1].Split(" (", 2)[0]);

        // Teams: the headline is a TextRun (never markdown), the fact value is markdown-escaped.
        var card = Json(Assert.Single(teams.Requests)).GetProperty("attachments")[0].GetProperty("content");
        var headline = card.GetProperty("body")[0];
        Assert.Equal("RichTextBlock", headline.GetProperty("type").GetString());
        Assert.Contains(name, headline.GetProperty("inlines")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains(card.GetProperty("body")[1].GetProperty("facts").EnumerateArray(),
            f => f.GetProperty("title").GetString() == "Check" && f.GetProperty("value").GetString() == @"\<!channel\> \<https://evil\|x\>");
    }
}
