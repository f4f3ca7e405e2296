using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Tests.Notifications;

/// <summary>Deleting a channel that rules still name: the rules stop naming it, nothing else changes.</summary>
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
}
