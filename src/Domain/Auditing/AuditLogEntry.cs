namespace DqPlatform.Domain.Auditing;

/// <summary>
/// One change to a workspace resource or to the organization's people (members, roles, workspaces, users), with field
/// diffs as <c>{"field": {"old": …, "new": …}}</c>.
/// </summary>
public class AuditLogEntry
{
    public long Id { get; set; }

    /// <summary>The workspace changed in; null for an organization-level change (members and roles of the organization, users).</summary>
    public Guid? WorkspaceId { get; set; }

    /// <summary>The organization the change belongs to (also set for workspace changes, so a deleted workspace's trail stays readable).</summary>
    public Guid? OrganizationId { get; set; }
    public required string EntityType { get; set; }
    public Guid EntityId { get; set; }
    public required string Action { get; set; }
    public Guid? ApiKeyId { get; set; }

    /// <summary>The signed-in user who made the change (also set, beside the key, for a user's personal key).</summary>
    public Guid? UserId { get; set; }
    public string? Changes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
