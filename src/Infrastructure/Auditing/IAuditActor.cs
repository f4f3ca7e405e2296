namespace DqPlatform.Infrastructure.Auditing;

/// <summary>
/// Who is making the change being saved: the acting API key, the signed-in user (both for a user's personal key) and
/// the workspace and its organization (all null outside a request).
/// </summary>
public interface IAuditActor
{
    Guid? ApiKeyId { get; }
    Guid? UserId { get; }
    Guid? WorkspaceId { get; }
    Guid? OrganizationId { get; }
}
