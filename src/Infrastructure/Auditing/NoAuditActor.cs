namespace DqPlatform.Infrastructure.Auditing;

/// <summary>Changes made outside a request (start-up, jobs) have no acting key.</summary>
public sealed class NoAuditActor : IAuditActor
{
    public Guid? ApiKeyId => null;
    public Guid? UserId => null;
    public Guid? WorkspaceId => null;
    public Guid? OrganizationId => null;
}
