using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Tests.Notifications;

/// <summary>
/// Channel bookkeeping: deleting a channel that rules still name, and the per-workspace limits on channels and
/// maintenance windows (each incident change fans out to every matching channel and reads every window).
/// </summary>
public sealed class NotificationChannelDeleteTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    [Fact]
    public async Task DeletingAChannel_RemovesItFromTheRulesThatNameIt()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.GraphQL(tenant.ApiKey);
        async Task<string> ChannelAsync(string name) =>
            (await client.DataAsync($"mutation {{ createNotificationChannel(input: {{name: \"{name}\", kind: PAGER_DUTY, routingKey: \"0123456789abcdef0123456789abcdef\"}}) {{ id }} }}"))
                .GetProperty("createNotificationChannel").GetProperty("id").GetString()!;
        var doomed = await ChannelAsync("doomed");
        var kept = await ChannelAsync("kept");
        await client.DataAsync($"mutation {{ createNotificationRule(input: {{name: \"both\", channelIds: [\"{doomed}\", \"{kept}\"]}}) {{ id }} }}");

        Assert.Equal(doomed, (await client.DataAsync($"mutation {{ deleteNotificationChannel(id: \"{doomed}\") }}")).GetProperty("deleteNotificationChannel").GetString());

        var channels = (await client.DataAsync("{ notificationRules { nodes { channels { id } } } }")).GetProperty("notificationRules").GetProperty("nodes")[0].GetProperty("channels");
        Assert.Equal([kept], channels.EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        await using var db = api.Database.CreateDqContext();
        Assert.Equal(1, await db.NotificationChannels.CountAsync(c => c.WorkspaceId == tenant.WorkspaceId));
    }

    [Fact]
    public async Task AWorkspace_HoldsAtMostItsLimitOfChannelsAndWindows_AndTheNextIsRefusedWithNothingStored()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.GraphQL(tenant.ApiKey);
        static string Channel(int i) => $"mutation {{ createNotificationChannel(input: {{name: \"c{i}\", kind: PAGER_DUTY, routingKey: \"0123456789abcdef0123456789abcdef\"}}) {{ id }} }}";
        const string window = "mutation { createMaintenanceWindow(input: {name: \"w\", cronExpression: \"0 2 * * 0\", durationMinutes: 60}) { id } }";
        for (var i = 0; i < Domain.Notifications.NotificationLimits.MaxChannels; i++)
        {
            await client.DataAsync(Channel(i));
        }

        for (var i = 0; i < Domain.Notifications.NotificationLimits.MaxMaintenanceWindows; i++)
        {
            await client.DataAsync(window);
        }

        Assert.Equal("QUOTA_EXCEEDED", await client.ErrorCodeAsync(Channel(-1)));
        Assert.Equal("QUOTA_EXCEEDED", await client.ErrorCodeAsync(window));
        await using var db = api.Database.CreateDqContext();
        Assert.Equal(Domain.Notifications.NotificationLimits.MaxChannels, await db.NotificationChannels.CountAsync(c => c.WorkspaceId == tenant.WorkspaceId));
        Assert.Equal(Domain.Notifications.NotificationLimits.MaxMaintenanceWindows, await db.MaintenanceWindows.CountAsync(w => w.WorkspaceId == tenant.WorkspaceId));
    }

    [Fact]
    public async Task TestSend_OfAChannelWhoseSettingsCannotBeOpened_AnswersAFailedAttempt_NotInternal()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.GraphQL(tenant.ApiKey);
        var channel = (await client.DataAsync("mutation { createNotificationChannel(input: {name: \"broken\", kind: PAGER_DUTY, routingKey: \"0123456789abcdef0123456789abcdef\"}) { id } }"))
            .GetProperty("createNotificationChannel").GetProperty("id").GetString()!;
        DqPlatform.GraphQL.Relay.GlobalId.TryDecode(channel, out _, out Guid channelId);
        await using (var db = api.Database.CreateDqContext())
        {
            await db.NotificationChannels.Where(c => c.Id == channelId).ExecuteUpdateAsync(s => s.SetProperty(c => c.SettingsSealed, new byte[] { 1, 2, 3 }));
        }

        var (_, body) = await client.SendAsync($"mutation {{ testNotificationChannel(id: \"{channel}\") {{ status error }} }}");
        Assert.DoesNotContain("INTERNAL", body.ToString(), StringComparison.Ordinal);
        if (body.TryGetProperty("data", out var data) && data.ValueKind == System.Text.Json.JsonValueKind.Object
            && data.GetProperty("testNotificationChannel").ValueKind == System.Text.Json.JsonValueKind.Object)
        {
            var attempt = data.GetProperty("testNotificationChannel");
            Assert.Equal("FAILED", attempt.GetProperty("status").GetString());
            Assert.StartsWith("The attempt failed unexpectedly (", attempt.GetProperty("error").GetString(), StringComparison.Ordinal);
        }
        else
        {
            // A refusal with its own stable code is as good as a failed attempt; INTERNAL is not.
            Assert.NotNull(body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        }
    }
}
