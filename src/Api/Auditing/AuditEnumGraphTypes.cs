using DqPlatform.Domain.Auditing;
using DqPlatform.GraphQL.Enums;
using DqPlatform.Infrastructure.Auditing;

namespace DqPlatform.Api.Auditing;

/// <summary>
/// What kind of object an audit entry is about (<c>audit_log.entity_type</c>), and the node type whose global id its
/// <c>entityId</c> is. Built from <see cref="AuditedEntities"/>, so an entity audited without a node type here fails
/// at startup rather than answering INTERNAL for its first entry.
/// </summary>
public sealed class AuditEntityTypeGraphType() : TextEnumGraphType("AuditEntityType", "What kind of object an audit entry is about.",
    [.. AuditedEntities.EntityTypes])
{
    private static readonly Dictionary<string, string> NodeTypes = new(StringComparer.Ordinal)
    {
        ["connection"] = "Connection",
        ["check"] = "CheckDefinition",
        ["incident"] = "Incident",
        ["schedule"] = "Schedule",
        ["webhook"] = "Webhook",
        ["notification_channel"] = "NotificationChannel",
        ["notification_rule"] = "NotificationRule",
        ["maintenance_window"] = "MaintenanceWindow",
        ["api_key"] = "ApiKey",
        ["saved_query"] = "SavedQuery",
        ["dataset"] = "Dataset",
        ["workspace"] = "Workspace",
        ["organization"] = "Organization",
        // A membership is named by its user (within the entry's workspace or organization).
        ["workspace_member"] = "User",
        ["organization_member"] = "User",
        // Custom roles are not nodes (organization.roles lists them by slug, which the entry's changes name).
        ["custom_role"] = "Role",
        ["user"] = "User",
    };

    /// <summary>The node types an <c>entityId</c> can be a global id of.</summary>
    public static readonly string[] AllNodeTypes = [.. AuditedEntities.EntityTypes.Select(t => NodeTypeOf(t)
        ?? throw new InvalidOperationException($"Audited entity type '{t}' has no node type for its global ids.")).Distinct(StringComparer.Ordinal)];

    public static string? NodeTypeOf(string entityType) => NodeTypes.GetValueOrDefault(entityType);
}

/// <summary>What happened to the object of an audit entry (<c>audit_log.action</c>).</summary>
public sealed class AuditActionGraphType() : TextEnumGraphType("AuditAction", "What happened to the object.",
    AuditActions.Create, AuditActions.Update, AuditActions.Delete);
