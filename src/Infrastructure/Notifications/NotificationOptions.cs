using DqPlatform.Domain.Notifications;

namespace DqPlatform.Infrastructure.Notifications;

/// <summary>
/// Settings under <c>Dqp:Notifications</c>. Where HTTP channels may point is judged by the webhooks' guard and its
/// allow-list (<c>Dqp:Webhooks:AllowedHosts</c>), SMTP hosts included.
/// </summary>
public sealed class NotificationOptions
{
    /// <summary>The UI's address, for links in messages (<c>{PublicBaseUrl}/incidents/{id}</c>); no links when unset.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>PagerDuty's Events API v2 endpoint (replaceable for a regional endpoint or a test receiver).</summary>
    public string PagerDutyEventsUrl { get; set; } = "https://events.pagerduty.com/v2/enqueue";

    /// <summary>Attempts per (event, channel), the first included.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait before the second attempt; it doubles per attempt up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Per attempt: HTTP request, or SMTP connect to quit.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public int UnhealthyAfter { get; set; } = DeliveryRules.UnhealthyAfter;

    /// <summary>
    /// Repeat suppression: while an incident only gathers more failures (same severity), at most one message per
    /// incident and channel per this interval; opening, worsening, acknowledging and resolving always go out. Null or
    /// zero turns it off.
    /// </summary>
    public TimeSpan? RepeatInterval { get; set; } = TimeSpan.FromMinutes(30);
}
