using DqPlatform.Api.Tests.Checks;
using DqPlatform.Api.Tests.Webhooks;
using DqPlatform.Domain.Notifications;
using DqPlatform.GraphQL.Relay;
using DqPlatform.Infrastructure.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.Api.Tests.Notifications;

/// <summary>
/// No claimed attempt is lost: one whose sending throws something unexpected is recorded as failed and retried, and
/// one whose node died after the claim is taken over by the stranded sweep.
/// </summary>
[Collection(HangfireServersCollection.Name)]
public sealed class StrandedDeliveryTests(NotificationFactory api) : IClassFixture<NotificationFactory>, IAsyncLifetime
{
    private GraphQLClient _client = null!;

    public async Task InitializeAsync() => _client = api.GraphQL((await TestTenant.CreateAsync(api)).ApiKey);

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<Guid> ChannelAsync(string url)
    {
        var id = (await _client.DataAsync("mutation($u: String!) { createNotificationChannel(input: {name: \"slack\", kind: SLACK, url: $u}) { id } }", new { u = url }))
            .GetProperty("createNotificationChannel").GetProperty("id").GetString()!;
        GlobalId.TryDecode(id, out _, out Guid channel);
        return channel;
    }

    private async Task<NotificationDelivery> QueueAsync(Guid channelId, DateTimeOffset? claimedAt)
    {
        await using var db = api.Database.CreateDqContext();
        var workspace = await db.NotificationChannels.Where(c => c.Id == channelId).Select(c => c.WorkspaceId).SingleAsync();
        var row = new NotificationDelivery
        {
            WorkspaceId = workspace, ChannelId = channelId, DispatchId = Guid.NewGuid(), Event = DeliveryRules.TestEvent,
            CreatedAt = DateTimeOffset.UtcNow, AttemptedAt = claimedAt,
        };
        db.NotificationDeliveries.Add(row);
        await db.SaveChangesAsync();
        return row;
    }

    private async Task<List<NotificationDelivery>> DispatchAsync(Guid dispatchId, Func<List<NotificationDelivery>, bool> settled)
    {
        var deadline = DateTime.UtcNow.AddSeconds(40);
        while (true)
        {
            await using var db = api.Database.CreateDqContext();
            var rows = await db.NotificationDeliveries.AsNoTracking().Where(d => d.DispatchId == dispatchId).OrderBy(d => d.Attempt).ToListAsync();
            if (settled(rows) || DateTime.UtcNow > deadline)
            {
                return rows;
            }

            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task AttemptThatThrows_IsRecordedAsFailed_WithoutItsMessage_AndRetried()
    {
        using var slack = new WebhookReceiver("services/throws/");
        var channel = await ChannelAsync(slack.Url);
        await using (var db = api.Database.CreateDqContext())
        {
            // Settings that cannot be opened: the sender's path throws something no sender catches.
            await db.NotificationChannels.Where(c => c.Id == channel).ExecuteUpdateAsync(s => s.SetProperty(c => c.SettingsSealed, new byte[] { 1, 2, 3 }));
        }

        var attempt = await QueueAsync(channel, null);
        using (var scope = api.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<NotificationDeliveryJob>().DeliverAsync(attempt.Id, CancellationToken.None);
        }

        var rows = await DispatchAsync(attempt.DispatchId, r => r.Count >= 2);
        var first = rows[0];
        Assert.Equal(DeliveryStatus.Failed, first.Status);
        Assert.StartsWith("The attempt failed unexpectedly (", first.Error, StringComparison.Ordinal);
        Assert.NotNull(first.NextRetryAt);
        Assert.Equal(2, rows[1].Attempt);
        await using var check = api.Database.CreateDqContext();
        var health = await check.NotificationChannels.AsNoTracking().SingleAsync(c => c.Id == channel);
        Assert.True(health.ConsecutiveFailures >= 1);
        Assert.StartsWith("The attempt failed unexpectedly (", health.LastError, StringComparison.Ordinal);
        Assert.Empty(slack.Requests);
    }

    [Fact]
    public async Task ClaimedAttemptOfADeadNode_IsRecordedInterrupted_AndTheNextAttemptDelivers_WhileAFreshClaimIsLeftAlone()
    {
        using var slack = new WebhookReceiver("services/stranded/");
        var channel = await ChannelAsync(slack.Url);
        var stranded = await QueueAsync(channel, DateTimeOffset.UtcNow - DeliveryRules.StrandedAfter - TimeSpan.FromMinutes(5));
        var live = await QueueAsync(channel, DateTimeOffset.UtcNow);

        using (var scope = api.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<NotificationStrandedSweep>().SweepAsync(CancellationToken.None);
        }

        var rows = await DispatchAsync(stranded.DispatchId, r => r.Count == 2 && r[1].Status == DeliveryStatus.Delivered);
        Assert.Equal([(1, DeliveryStatus.Failed), (2, DeliveryStatus.Delivered)], rows.Select(r => (r.Attempt, r.Status)));
        Assert.Equal(DeliveryRules.InterruptedError, rows[0].Error);
        await slack.WaitForAsync(1);
        Assert.Single(slack.Requests);

        // A claim younger than StrandedAfter belongs to a live attempt: the sweep does not take it over.
        var fresh = await DispatchAsync(live.DispatchId, _ => true);
        Assert.Equal((DeliveryStatus.Queued, 1), (Assert.Single(fresh).Status, fresh.Count));
    }
}
