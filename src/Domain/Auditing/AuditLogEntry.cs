namespace DqPlatform.Domain.Auditing;

/// <summary>One change to a workspace resource, with field diffs as <c>{"field": {"old": …, "new": …}}</c>.</summary>
public class AuditLogEntry
{
    public long Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public required string EntityType { get; set; }
    public Guid EntityId { get; set; }
    public required string Action { get; set; }
    public Guid? ApiKeyId { get; set; }

    /// <summary>The signed-in user who made the change (also set, beside the key, for a user's personal key).</summary>
    public Guid? UserId { get; set; }
    public string? Changes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
