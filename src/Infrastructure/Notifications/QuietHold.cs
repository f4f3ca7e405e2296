using DqPlatform.Domain.Common;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Notifications;
using DqPlatform.Domain.Notifications.Quiet;
using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Notifications;

/// <summary>
/// The quiet step between routing and delivery (<see cref="QuietRules"/>): for each routed channel, send, or hold
/// with the reason the delivery log shows. Maintenance windows come from the workspace; "last sent" is read from the
/// delivery log itself (the newest queued or delivered attempt of the same incident on the same channel).
/// </summary>
public static class QuietHold
{
    public sealed record Verdict(Guid ChannelId, QuietVerdict Decision, string? Reason);

    public static async Task<IReadOnlyList<Verdict>> DecideAsync(
        DqDbContext db, IncidentChanged changed, NotificationSubject subject, IReadOnlyList<Guid> channels, TimeSpan? repeatInterval, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (channels.Count == 0)
        {
            return [];
        }

        // The newest attempt per channel that went (or is going) out for this incident.
        var last = await db.NotificationDeliveries.AsNoTracking()
            .Where(d => d.IncidentId == changed.IncidentId && channels.Contains(d.ChannelId)
                && (d.Status == DeliveryStatus.Queued || d.Status == DeliveryStatus.Delivered))
            .GroupBy(d => d.ChannelId)
            .Select(g => g.OrderByDescending(d => d.CreatedAt).Select(d => new { d.ChannelId, d.CreatedAt, d.Severity }).First())
            .ToListAsync(cancellationToken);
        var windows = await db.MaintenanceWindows.AsNoTracking().Where(w => w.WorkspaceId == changed.WorkspaceId).ToListAsync(cancellationToken);
        var open = QuietRules.OpenWindow(windows, subject.ConnectionId, subject.Tags, now);
        return [.. channels.Select(channel =>
        {
            var previous = last.FirstOrDefault(l => l.ChannelId == channel);
            var change = Notified(changed, previous?.Severity);

            // Closing what a channel was told: an acknowledgement or resolution of an incident already announced there
            // goes out even in a window, so a PagerDuty page opened before it is not left triggered for ever.
            var closesAnnounced = previous is not null && change is NotifiedChange.Acknowledged or NotifiedChange.Resolved;
            var decision = QuietRules.Decide(open is not null && !closesAnnounced, change, onlyWarning: false, digestWarnings: false, previous?.CreatedAt, repeatInterval, now);
            return new Verdict(channel, decision, decision switch
            {
                QuietVerdict.InMaintenance => $"Held: maintenance window '{open!.Value.Window.Name}' is open until {open.Value.Until.UtcDateTime:yyyy-MM-dd HH:mm} UTC.",
                QuietVerdict.Repeat => $"Held: this incident was notified on this channel less than {repeatInterval!.Value.TotalMinutes:0} minutes ago and only its failures went on.",
                _ => null,
            });
        })];
    }

    private static NotifiedChange Notified(IncidentChanged changed, Domain.Checks.CheckSeverity? lastSeverity) => changed.Change switch
    {
        IncidentChangeKind.Created => NotifiedChange.Opened,
        IncidentChangeKind.Acknowledged => NotifiedChange.Acknowledged,
        IncidentChangeKind.Resolved => NotifiedChange.Resolved,
        _ => lastSeverity is { } before && changed.Severity > before ? NotifiedChange.Worse : NotifiedChange.MoreFailures,
    };
}
