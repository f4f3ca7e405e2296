using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Connections;
using DqPlatform.Domain.Queries;
using DqPlatform.Domain.Scheduling;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Domain.Webhooks;

namespace DqPlatform.Infrastructure.Auditing;

/// <summary>
/// Which entities are audited, under which <c>entity_type</c>, and how their fields appear in diffs: secrets are
/// never written in clear, and bookkeeping columns (timestamps, pointers) are left out.
/// </summary>
public static class AuditedEntities
{
    public const string Redacted = "********";

    private static readonly Dictionary<Type, string> Names = new()
    {
        [typeof(Connection)] = "connection",
        [typeof(CheckDefinition)] = "check",
        // Mutes and assignments by people (a run's counting is SQL and is not audited: the results are its record).
        [typeof(Domain.Incidents.Incident)] = "incident",
        [typeof(Schedule)] = "schedule",
        [typeof(Webhook)] = "webhook",
        // Notification channels are a way out of the platform, like webhooks; rules and windows decide who hears what.
        [typeof(Domain.Notifications.NotificationChannel)] = "notification_channel",
        [typeof(Domain.Notifications.NotificationRule)] = "notification_rule",
        [typeof(Domain.Notifications.Quiet.MaintenanceWindow)] = "maintenance_window",
        [typeof(ApiKey)] = "api_key",
        [typeof(SavedQuery)] = "saved_query",
        [typeof(Domain.People.Dataset)] = "dataset",
        [typeof(Workspace)] = "workspace",
        [typeof(Domain.People.WorkspaceMember)] = "workspace_member",
        [typeof(Organization)] = "organization",
        [typeof(Domain.People.OrganizationMember)] = "organization_member",
        [typeof(Domain.People.CustomRole)] = "custom_role",
        [typeof(Domain.People.User)] = "user",
    };

    // Changes to these belong to no workspace: they are read in the organization's audit log only.
    private static readonly HashSet<Type> OrganizationLevel =
        [typeof(Organization), typeof(Domain.People.OrganizationMember), typeof(Domain.People.CustomRole), typeof(Domain.People.User)];

    private static readonly HashSet<string> Secret = new(StringComparer.Ordinal) { "ConfigEncrypted", "Secret", "KeyHash", "SettingsSealed" };

    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "CreatedAt", "UpdatedAt", "LastUsedAt", "LatestResultId", "LatestResultAt", "LatestOutcome", "LastTestedAt", "LastRunAt", "NextRunAt",
        "LastRunJobId", "LastTriggeredAt", "LastResponseCode", "FailureCount", "Status", "LastError", "LastSignInAt",
        "ConsecutiveFailures", "UnhealthySince", "LastDeliveredAt",
    };

    public static string? NameOf(Type type) => Names.GetValueOrDefault(type);

    public static bool IsOrganizationLevel(Type type) => OrganizationLevel.Contains(type);

    /// <summary>Every <c>entity_type</c> the log holds.</summary>
    public static IReadOnlyCollection<string> EntityTypes => Names.Values;

    public static bool IsIgnored(string property) => Ignored.Contains(property);

    /// <summary>The value as it may appear in the audit log.</summary>
    public static object? Display(string property, object? value) =>
        value is null ? null
        : Secret.Contains(property) ? Redacted
        : value switch
        {
            Enum e => e.ToString().ToLowerInvariant(),
            // The one shape the API answers timestamps in (UTC, microseconds, as stored).
            DateTimeOffset d => d.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            _ => value,
        };
}
