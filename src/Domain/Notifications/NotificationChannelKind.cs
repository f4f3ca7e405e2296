namespace DqPlatform.Domain.Notifications;

/// <summary>Where a channel sends: each kind has its own settings (<see cref="ChannelSettings"/>) and message shape.</summary>
public enum NotificationChannelKind
{
    Slack,
    Teams,
    Email,
    PagerDuty,

    /// <summary>One of the workspace's existing webhooks, delivered signed as webhooks are.</summary>
    Webhook,
}

/// <summary>How an e-mail channel secures its SMTP connection.</summary>
public enum SmtpSecurity
{
    None,
    StartTls,
    Tls,
}

/// <summary>How a channel is doing: unhealthy after <see cref="DeliveryRules.UnhealthyAfter"/> failed attempts in a row.</summary>
public enum ChannelHealth
{
    Healthy,
    Unhealthy,
}
