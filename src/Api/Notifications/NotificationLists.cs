using DqPlatform.Domain.Notifications;
using DqPlatform.GraphQL.Lists;
using DqPlatform.GraphQL.Lists.Sorting;

namespace DqPlatform.Api.Notifications;

public static class NotificationLists
{
    public static readonly ListSpec<NotificationChannel> Channels = new ListSpec<NotificationChannel>("NotificationChannel", (NotificationChannel c) => c.Id)
        .GlobalId(c => c.Id)
        .Field("name", c => c.Name)
        .Field("kind", c => c.Kind)
        .Field("enabled", c => c.Enabled)
        .Field("consecutiveFailures", c => c.ConsecutiveFailures)
        .Field("unhealthySince", c => c.UnhealthySince)
        .Field("lastDeliveredAt", c => c.LastDeliveredAt)
        .Field("createdAt", c => c.CreatedAt)
        .OrderByDefault(SortKey.Asc((NotificationChannel c) => c.Name));

    /// <summary>In evaluation order by default.</summary>
    public static readonly ListSpec<NotificationRule> Rules = new ListSpec<NotificationRule>("NotificationRule", (NotificationRule r) => r.Id)
        .GlobalId(r => r.Id)
        .Field("name", r => r.Name)
        .Field("position", r => r.Position)
        .Field("enabled", r => r.Enabled)
        .Field("stopHere", r => r.StopHere)
        .Field("tags", r => r.Tags)
        .Field("createdAt", r => r.CreatedAt)
        .OrderByDefault(SortKey.Asc((NotificationRule r) => r.Position), SortKey.Asc((NotificationRule r) => r.CreatedAt));

    /// <summary>Newest first, served by idx_notification_deliveries_workspace_time.</summary>
    public static readonly ListSpec<NotificationDelivery> Deliveries = new ListSpec<NotificationDelivery>("NotificationDelivery", (NotificationDelivery d) => d.Id)
        .GlobalId(d => d.Id)
        .Reference("channelId", d => d.ChannelId, "NotificationChannel")
        .Reference("incidentId", d => d.IncidentId, "Incident")
        .Field("event", d => d.Event)
        .Field("status", d => d.Status)
        .Field("attempt", d => d.Attempt)
        .Field("statusCode", d => d.StatusCode)
        .Field("latencyMs", d => d.LatencyMs)
        .Field("nextRetryAt", d => d.NextRetryAt)
        .Field("deliveredAt", d => d.DeliveredAt)
        .Field("createdAt", d => d.CreatedAt)
        .OrderByDefault(SortKey.Desc((NotificationDelivery d) => d.CreatedAt));
}
