using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Notifications;

/// <summary>
/// A place a workspace's incident notifications go (Slack, Teams, e-mail, PagerDuty, or one of its webhooks). Its
/// <see cref="ChannelSettings"/> are held sealed (<see cref="SettingsSealed"/>); <see cref="Target"/> is their redacted
/// form. Health is kept by the delivery log's store (see <see cref="DeliveryRules.UnhealthyAfter"/>).
/// </summary>
public class NotificationChannel
{
    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public required string Name { get; set; }
    public NotificationChannelKind Kind { get; set; }
    public required byte[] SettingsSealed { get; set; }
    public required string Target { get; set; }

    /// <summary>The webhook a channel of kind <see cref="NotificationChannelKind.Webhook"/> delivers through (deleted with it).</summary>
    public Guid? WebhookId { get; set; }
    public bool Enabled { get; set; } = true;
    public int ConsecutiveFailures { get; set; }

    /// <summary>Set when <see cref="DeliveryRules.UnhealthyAfter"/> attempts in a row failed; cleared by the next success.</summary>
    public DateTimeOffset? UnhealthySince { get; set; }
    public DateTimeOffset? LastDeliveredAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public bool Healthy => UnhealthySince is null;

    /// <summary>A new channel; <paramref name="seal"/> encrypts the validated settings.</summary>
    public static NotificationChannel Create(Guid workspaceId, string name, NotificationChannelKind kind, ChannelSettings settings, Func<ChannelSettings, byte[]> seal)
    {
        var valid = settings.Validate(kind);
        return new NotificationChannel
        {
            WorkspaceId = workspaceId, Name = Names.Require(name), Kind = kind, SettingsSealed = seal(valid), Target = valid.Redacted(kind), WebhookId = valid.WebhookId,
        };
    }

    /// <summary>Validates everything before changing anything, so a refused change leaves the channel as it was.</summary>
    public void Update(string name, ChannelSettings settings, bool enabled, Func<ChannelSettings, byte[]> seal, DateTimeOffset now)
    {
        var validName = Names.Require(name);
        var valid = settings.Validate(Kind);
        Name = validName;
        SettingsSealed = seal(valid);
        Target = valid.Redacted(Kind);
        WebhookId = valid.WebhookId;
        Enabled = enabled;
        UpdatedAt = now;
    }
}
