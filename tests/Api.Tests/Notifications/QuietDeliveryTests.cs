using System.Text.Json;
using DqPlatform.Api.Tests.Checks;
using DqPlatform.Api.Tests.Webhooks;
using DqPlatform.GraphQL.Relay;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Tests.Notifications;

/// <summary>
/// The quiet step between routing and delivery, end to end: an open maintenance window holds every message of what it
/// covers (logged as HELD with its reason), and repeated failures of an incident are sent once per repeat interval.
/// </summary>
[Collection(HangfireServersCollection.Name)]
public sealed class QuietDeliveryTests(NotificationFactory api) : IClassFixture<NotificationFactory>, IAsyncLifetime
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

    private async Task<string> CheckAsync(string name, params string[] tags) =>
        (await _client.DataAsync("mutation($c: ID!, $n: String!, $t: [String!]) { createCheck(input: {connectionId: $c, name: $n, checkType: \"row_count\", targetTable: \"orders\", config: {max: 1}, tags: $t}) { id } }",
            new { c = _connectionId, n = name, t = tags })).GetProperty("createCheck").GetProperty("id").GetString()!;

    private async Task<string> SlackChannelAsync(WebhookReceiver receiver)
    {
        var channel = (await _client.DataAsync("mutation($u: String!) { createNotificationChannel(input: {name: \"chat\", kind: SLACK, url: $u}) { id } }", new { u = receiver.Url }))
            .GetProperty("createNotificationChannel").GetProperty("id").GetString()!;
        await _client.DataAsync("mutation($ch: [ID!]!) { createNotificationRule(input: {name: \"all\", channelIds: $ch}) { id } }", new { ch = new[] { channel } });
        return channel;
    }

    private async Task RunAsync(string checkId, int results)
    {
        await _client.DataAsync($"mutation {{ runCheck(id: \"{checkId}\") {{ id }} }}");
        GlobalId.TryDecode(checkId, out _, out Guid check);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var db = api.Database.CreateDqContext();
            if (await db.CheckResults.CountAsync(r => r.CheckId == check) >= results)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "the check run stored no result");
            await Task.Delay(100);
        }
    }

    private async Task<List<JsonElement>> DeliveriesAsync(string channelId, int atLeast)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var rows = (await _client.DataAsync("query($c: ID!) { notificationDeliveries(where: {channelId: {eq: $c}}, order: [{createdAt: ASC}]) { nodes { event status error } } }",
                new { c = channelId })).GetProperty("notificationDeliveries").GetProperty("nodes").EnumerateArray().ToList();
            if (rows.Count >= atLeast && rows.All(r => r.GetProperty("status").GetString() is "DELIVERED" or "HELD") || DateTime.UtcNow > deadline)
            {
                return rows;
            }

            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task OpenMaintenanceWindow_HoldsWhatItCovers_AndLogsWhy_WhileOthersStillGo()
    {
        using var receiver = new WebhookReceiver("quiet-window/");
        var channel = await SlackChannelAsync(receiver);
        await _client.DataAsync("mutation($s: DateTime!, $e: DateTime!) { createMaintenanceWindow(input: {name: \"loads\", tag: \"nightly\", startsAt: $s, endsAt: $e}) { id } }",
            new { s = DateTimeOffset.UtcNow.AddMinutes(-1), e = DateTimeOffset.UtcNow.AddHours(1) });

        // Positive control first: a check without the tag is delivered through the same channel.
        await RunAsync(await CheckAsync("daytime", "daytime"), 1);
        await receiver.WaitForAsync(1);

        await RunAsync(await CheckAsync("nightly load", "nightly"), 1);
        var rows = await DeliveriesAsync(channel, 2);
        Assert.Equal(["DELIVERED", "HELD"], rows.Select(r => r.GetProperty("status").GetString()));
        Assert.Contains("maintenance window 'loads'", rows[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Single(receiver.Requests);
        Assert.DoesNotContain("nightly load", receiver.Requests.First().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoreFailuresOfTheSameIncident_AreSentOncePerRepeatInterval()
    {
        using var receiver = new WebhookReceiver("quiet-repeat/");
        var channel = await SlackChannelAsync(receiver);
        var check = await CheckAsync("noisy");
        await RunAsync(check, 1);
        await receiver.WaitForAsync(1);
        await RunAsync(check, 2);
        await RunAsync(check, 3);

        var rows = await DeliveriesAsync(channel, 3);
        Assert.Equal(["incident.created", "incident.updated", "incident.updated"], rows.Select(r => r.GetProperty("event").GetString()));
        Assert.Equal(["DELIVERED", "HELD", "HELD"], rows.Select(r => r.GetProperty("status").GetString()));
        Assert.Contains("less than 30 minutes ago", rows[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Single(receiver.Requests);
    }
}
