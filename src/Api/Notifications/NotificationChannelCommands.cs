using DqPlatform.Domain.Common;
using DqPlatform.Domain.Notifications;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Notifications;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Notifications;

/// <summary>Setting channels up, changing and removing them, and sending a test message. Channel management takes <c>write</c>, as webhooks do.</summary>
public sealed class NotificationChannelCommands(
    WorkspaceData data, ChannelSecrets secrets, WebhookDestinations destinations, NotificationDeliveryJob delivery, NotificationLog log,
    ICurrentCaller caller, IClock clock, StackExchange.Redis.IConnectionMultiplexer redis)
{
    /// <summary>What a person sets; null keeps the current value. <see cref="Email"/> replaces the e-mail settings, its null password keeps the old one only for the same server and user (<see cref="EmailSettings.Replacing"/>).</summary>
    public sealed record Changes(string? Name, bool? Enabled, string? Url, string? RoutingKey, Guid? WebhookId, EmailSettings? Email);

    public async Task<NotificationChannel> CreateAsync(NotificationChannelKind kind, Changes changes, CancellationToken cancellationToken)
    {
        caller.Require(ApiKeyScopes.Write);
        var settings = new ChannelSettings { Url = changes.Url, RoutingKey = changes.RoutingKey, WebhookId = changes.WebhookId, Email = changes.Email };
        var channel = NotificationChannel.Create(data.WorkspaceId, changes.Name ?? "", kind, settings, secrets.Seal);
        channel.Enabled = changes.Enabled ?? true;
        await RequireDestinationAsync(channel.Kind, settings.Validate(kind), cancellationToken);

        await Infrastructure.Notifications.NotificationStore.AddWithinLimitAsync(data, data.NotificationChannels, channel, "notification channels", NotificationLimits.MaxChannels, cancellationToken);
        return channel;
    }

    public async Task<NotificationChannel> UpdateAsync(Guid? id, string shownId, Changes changes, CancellationToken cancellationToken)
    {
        caller.Require(ApiKeyScopes.Write);
        var channel = await FindAsync(id, shownId, cancellationToken);
        var current = secrets.Open(channel.SettingsSealed);
        var settings = current with
        {
            Url = changes.Url ?? current.Url,
            RoutingKey = changes.RoutingKey ?? current.RoutingKey,
            WebhookId = changes.WebhookId ?? current.WebhookId,
            Email = changes.Email is { } email ? email.Replacing(current.Email) : current.Email,
        };
        channel.Update(changes.Name ?? channel.Name, settings, changes.Enabled ?? channel.Enabled, secrets.Seal, clock.UtcNow);
        await RequireDestinationAsync(channel.Kind, settings.Validate(channel.Kind), cancellationToken);
        await data.Db.SaveOrConflictAsync(cancellationToken);
        return channel;
    }

    /// <summary>Removes the channel (its log goes with it) and takes it out of every rule that named it.</summary>
    public async Task<bool> DeleteAsync(Guid? id, CancellationToken cancellationToken)
    {
        caller.Require(ApiKeyScopes.Write);
        var workspace = data.WorkspaceId;
        if (id is not { } known || !await data.NotificationChannels.AnyAsync(c => c.Id == known, cancellationToken))
        {
            return false;
        }

        // Rules stop naming it (array_remove: EF cannot translate an array filter inside ExecuteUpdate).
        await data.Db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE dq.notification_rules SET channel_ids = array_remove(channel_ids, {known}) WHERE workspace_id = {workspace} AND {known} = ANY(channel_ids)",
            cancellationToken);
        return await data.RemoveAsync(data.NotificationChannels, known, cancellationToken);
    }

    /// <summary>Sends a test message now, logged like any attempt (and counted toward the channel's health), and answers it.</summary>
    public async Task<NotificationDelivery> TestAsync(Guid? id, string shownId, CancellationToken cancellationToken)
    {
        caller.Require(ApiKeyScopes.Write);
        var channel = await FindAsync(id, shownId, cancellationToken);
        await RequireTestCooldownAsync(channel);
        var attempt = new NotificationDelivery
        {
            WorkspaceId = channel.WorkspaceId, ChannelId = channel.Id, DispatchId = Guid.NewGuid(), Event = DeliveryRules.TestEvent, EventAt = clock.UtcNow,
            CreatedAt = clock.UtcNow,
        };
        data.Db.NotificationDeliveries.Add(attempt);
        await data.Db.SaveChangesAsync(cancellationToken);
        AttemptResult result;
        try
        {
            (result, _) = await delivery.AttemptAsync(attempt, cancellationToken);
        }
        catch (Exception e) when (e is not DomainException && !Infrastructure.Resilience.DependencyFailures.IsOutage(e) && !cancellationToken.IsCancellationRequested)
        {
            // What the channel's own failure threw (unreadable settings, a sender's surprise) is the test's answer, logged
            // like any attempt; only the type is kept, a message may hold a URL or secret. An outage stays a 503.
            result = new AttemptResult(false, false, null, 0, DeliveryRules.UnexpectedError(e.GetType().Name));
        }

        await log.RecordAsync(attempt, result, mayRetry: false, cancellationToken);
        return attempt;
    }

    // One key per channel set only if absent, expiring after the cooldown: atomic across requests and API instances.
    private async Task RequireTestCooldownAsync(NotificationChannel channel)
    {
        var key = "dqp:notification-test:" + channel.Id.ToString("N");
        var database = redis.GetDatabase();
        if (await database.StringSetAsync(key, "1", DeliveryRules.TestCooldown, StackExchange.Redis.When.NotExists))
        {
            return;
        }

        var left = await database.KeyTimeToLiveAsync(key) is { } ttl && ttl > TimeSpan.Zero ? ttl : DeliveryRules.TestCooldown;
        throw new RateLimitedException(
            $"This channel was tested less than {DeliveryRules.TestCooldown.TotalSeconds:0} seconds ago; try again in {Math.Ceiling(left.TotalSeconds):0} s.", left);
    }

    private async Task<NotificationChannel> FindAsync(Guid? id, string shownId, CancellationToken cancellationToken) =>
        (id is { } known ? await data.NotificationChannels.SingleOrDefaultAsync(c => c.Id == known, cancellationToken) : null)
        ?? throw new NotFoundException("NotificationChannel", shownId);

    // Judged when saved as webhooks are (a name that does not resolve yet is judged again at every delivery); a webhook
    // channel must name a webhook of this workspace.
    private async Task RequireDestinationAsync(NotificationChannelKind kind, ChannelSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Url is { } url)
        {
            destinations.RequireHttpsUnlessAllowed(url);
            await destinations.RequireAllowedAsync(url, cancellationToken);
        }

        if (kind == NotificationChannelKind.Webhook && !await data.Webhooks.AnyAsync(w => w.Id == settings.WebhookId, cancellationToken))
        {
            throw new ValidationException("'webhookId' must name one of the workspace's webhooks.", "webhookId");
        }
    }
}
