using DqPlatform.Domain.Events;

namespace DqPlatform.Domain.Webhooks;

/// <summary>The event names a webhook subscribes to, and which domain event carries which name.</summary>
public static class WebhookEvents
{
    public const string Ping = "ping";

    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "check.failed", "check.passed", "incident.created", "incident.updated", "incident.acknowledged", "incident.resolved",
        "query.succeeded", "query.failed",
    };

    public static string? NameOf(DqEvent @event) => @event switch
    {
        CheckResultAdded r => r.Passed ? "check.passed" : "check.failed",
        IncidentChanged i => "incident." + i.Change.ToString().ToLowerInvariant(),
        QueryStatusChanged { Status: var s } when s.Equals("succeeded", StringComparison.OrdinalIgnoreCase) => "query.succeeded",
        QueryStatusChanged { Status: var s } when s.Equals("failed", StringComparison.OrdinalIgnoreCase) => "query.failed",
        _ => null,
    };
}
