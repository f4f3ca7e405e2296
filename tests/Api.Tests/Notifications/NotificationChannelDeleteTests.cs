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
}
