namespace DqPlatform.Domain.Auditing;

/// <summary>The values of <c>audit_log.action</c>: what happened to the entity.</summary>
public static class AuditActions
{
    public const string Create = "create";
    public const string Update = "update";
    public const string Delete = "delete";
}
