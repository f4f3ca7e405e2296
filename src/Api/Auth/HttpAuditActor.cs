using DqPlatform.Infrastructure.Auditing;

namespace DqPlatform.Api.Auth;

/// <summary>The audit actor of the operation executing: the API key and the user it authenticated as, over HTTP or a WebSocket.</summary>
public sealed class HttpAuditActor(IHttpContextAccessor http) : IAuditActor
{
    private Domain.Tenancy.Caller? Caller => RequestCaller.OfExecution ?? http.HttpContext?.RequestServices.GetService<RequestCaller>()?.Current;

    public Guid? ApiKeyId => Caller?.ApiKeyId;
    public Guid? UserId => Caller?.UserId;
    public Guid? WorkspaceId => Caller?.WorkspaceId;
    public Guid? OrganizationId => Caller?.OrganizationId;
}
