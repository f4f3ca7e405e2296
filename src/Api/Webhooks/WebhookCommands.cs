using DqPlatform.Domain.Common;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Domain.Webhooks;
using DqPlatform.Infrastructure.Security;
using DqPlatform.Infrastructure.Webhooks;

namespace DqPlatform.Api.Webhooks;

/// <summary>Subscribing endpoints to events, changing them, and pinging them.</summary>
public sealed class WebhookCommands(
    WebhookStore webhooks, WebhookDestinations destinations, WebhookDelivery delivery, ConnectionConfigProtector protector, ICurrentCaller caller, IClock clock)
{
    /// <summary>What a person sets; a null field keeps the current value (the secret only changes when given).</summary>
    public sealed record Changes(string? Name, string? Url, string[]? Events, bool SecretGiven, string? Secret, bool? Enabled);

    public async Task<Webhook> CreateAsync(Changes changes, CancellationToken cancellationToken)
    {
        caller.Require(ApiKeyScopes.Write);
        var webhook = new Webhook { WorkspaceId = webhooks.WorkspaceId, Name = "", Url = "" };
        await ApplyAsync(webhook, changes with { Name = changes.Name ?? "", Url = changes.Url ?? "", Events = changes.Events ?? [] }, cancellationToken);
        webhooks.Add(webhook);
        await webhooks.SaveAsync(cancellationToken);
        return webhook;
    }

    public async Task<Webhook> UpdateAsync(Guid? id, string shownId, Changes changes, CancellationToken cancellationToken)
    {
        caller.Require(ApiKeyScopes.Write);
        var webhook = (id is { } known ? await webhooks.FindAsync(known, cancellationToken) : null) ?? throw new NotFoundException("Webhook", shownId);
        await ApplyAsync(webhook, changes, cancellationToken);
        webhook.UpdatedAt = clock.UtcNow;
        await webhooks.SaveAsync(cancellationToken);
        return webhook;
    }

    /// <summary>Sends a signed ping now and answers what the receiver said.</summary>
    public async Task<DeliveryOutcome> PingAsync(Guid? id, string shownId, CancellationToken cancellationToken)
    {
        caller.Require(ApiKeyScopes.Write);
        if (id is not { } known || !await webhooks.ExistsAsync(known, cancellationToken))
        {
            throw new NotFoundException("Webhook", shownId);
        }

        var deliveryId = Guid.NewGuid();
        var body = WebhookFanout.Body(WebhookEvents.Ping, deliveryId, clock.UtcNow, new { webhookId = shownId });
        return await delivery.SendAsync(known, WebhookEvents.Ping, body, deliveryId, cancellationToken);
    }

    // A refused change throws before it is saved; what it had changed is discarded (DiscardChangesOnFailure).
    private async Task ApplyAsync(Webhook webhook, Changes changes, CancellationToken cancellationToken)
    {
        webhook.Update(changes.Name ?? webhook.Name, changes.Url ?? webhook.Url, changes.Events ?? webhook.Events, changes.Enabled ?? webhook.Enabled);
        var secret = Webhook.RequireSecret(changes.Secret);
        if (changes.SecretGiven)
        {
            // Encrypted at rest like connection configs; only the delivery job reveals it, to sign.
            webhook.Secret = secret is null ? null : protector.ProtectText(secret);
        }

        await destinations.RequireAllowedAsync(webhook.Url, cancellationToken);
    }
}
