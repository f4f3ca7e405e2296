using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Incidents;
using DqPlatform.Domain.Notifications;
using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Notifications;

/// <summary>What every channel says about one event: the event as the log copied it, and the check's names as they are now.</summary>
public sealed record NotificationMessage(
    string Event, Guid? IncidentId, IncidentStatus? Status, CheckSeverity? Severity, int? FailureCount, DateTimeOffset At,
    string CheckName, string CheckType, string Table, string Connection, string? IncidentUrl)
{
    public bool IsTest => Event == DeliveryRules.TestEvent;

    public string SeverityText => Severity?.ToString().ToLowerInvariant() ?? "info";

    /// <summary>One line: "[ERROR] Incident opened: too many rows (public.orders on warehouse)".</summary>
    public string Summary => IsTest
        ? "DQ Platform test message: this channel is set up correctly."
        : $"[{SeverityText.ToUpperInvariant()}] {Headline}: {CheckName} ({Table} on {Connection})";

    public string Headline => Event switch
    {
        "incident.created" => "Incident opened",
        "incident.updated" => "Incident still failing",
        "incident.acknowledged" => "Incident acknowledged",
        "incident.resolved" => "Incident resolved",
        _ => "Test message",
    };

    // The graph's global id (GlobalId in the GraphQL library, which infrastructure does not reference): base64url of "Incident:{uuid N}".
    private static string IncidentGlobalId(Guid id) =>
        System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes("Incident:" + id.ToString("N")));

    public static async Task<NotificationMessage> ForAsync(DqDbContext db, NotificationDelivery delivery, string? baseUrl, CancellationToken cancellationToken)
    {
        var at = delivery.EventAt ?? delivery.CreatedAt;
        var check = delivery.IncidentId is { } incidentId
            ? await db.Incidents.AsNoTracking().Where(i => i.Id == incidentId)
                .Select(i => new { i.Check!.Name, i.Check.CheckType, i.Check.TargetSchema, i.Check.TargetTable, Connection = i.Check.Connection!.Name })
                .SingleOrDefaultAsync(cancellationToken)
            : null;
        var link = baseUrl is { Length: > 0 } && delivery.IncidentId is { } id
            ? $"{baseUrl.TrimEnd('/')}/incidents/{IncidentGlobalId(id)}"
            : null;
        return check is null
            ? new NotificationMessage(delivery.Event, delivery.IncidentId, delivery.IncidentStatus, delivery.Severity, delivery.FailureCount, at,
                delivery.IncidentId is null ? "test" : "(deleted check)", "", "", "", link)
            : new NotificationMessage(delivery.Event, delivery.IncidentId, delivery.IncidentStatus, delivery.Severity, delivery.FailureCount, at,
                check.Name, check.CheckType, (check.TargetSchema is null ? "" : check.TargetSchema + ".") + check.TargetTable, check.Connection, link);
    }
}
