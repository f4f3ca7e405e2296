using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Incidents;

namespace DqPlatform.Domain.Notifications;

/// <summary>
/// One attempt to send one event to one channel: the delivery log. Attempts of the same (event, channel) share a
/// <see cref="DispatchId"/>; the event's fields are copied in, so a retry sends what happened then, not the incident's
/// later state. Never holds a secret, a URL or a body.
/// </summary>
public class NotificationDelivery
{
    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid ChannelId { get; set; }
    public Guid DispatchId { get; set; }

    /// <summary><c>incident.created</c> … as webhooks name them, or <c>test</c> for a test message.</summary>
    public required string Event { get; set; }
    public Guid? IncidentId { get; set; }
    public IncidentStatus? IncidentStatus { get; set; }
    public CheckSeverity? Severity { get; set; }
    public int? FailureCount { get; set; }
    public DateTimeOffset? EventAt { get; set; }
    public int Attempt { get; set; } = 1;
    public DeliveryStatus Status { get; set; } = DeliveryStatus.Queued;
    public int? StatusCode { get; set; }
    public int? LatencyMs { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset? NextRetryAt { get; set; }
    public DateTimeOffset? AttemptedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The next attempt of the same dispatch, queued when this one failed and may be retried.</summary>
    public NotificationDelivery NextAttempt() => new()
    {
        WorkspaceId = WorkspaceId, ChannelId = ChannelId, DispatchId = DispatchId, Event = Event, IncidentId = IncidentId, IncidentStatus = IncidentStatus,
        Severity = Severity, FailureCount = FailureCount, EventAt = EventAt, Attempt = Attempt + 1,
    };
}

public enum DeliveryStatus
{
    Queued,
    Delivered,
    Failed,

    /// <summary>Not sent: a maintenance window was open or it repeated a recent message (<see cref="NotificationDelivery.Error"/> says which).</summary>
    Held,
}
