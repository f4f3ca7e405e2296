namespace DqPlatform.Infrastructure.Auditing;

/// <summary>Who is making the change being saved: the acting API key and its workspace (null outside a request).</summary>
public interface IAuditActor
{
    Guid? ApiKeyId { get; }
    Guid? WorkspaceId { get; }
}
