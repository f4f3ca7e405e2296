using DqPlatform.Infrastructure.Auditing;

namespace DqPlatform.Api.Auth;

/// <summary>The audit actor of the current HTTP request: the API key that authenticated it.</summary>
public sealed class HttpAuditActor(IHttpContextAccessor http) : IAuditActor
{
    private Domain.Tenancy.Caller? Caller => http.HttpContext?.RequestServices.GetService<RequestCaller>()?.Current;

    public Guid? ApiKeyId => Caller?.ApiKeyId;
    public Guid? WorkspaceId => Caller?.WorkspaceId;
}
