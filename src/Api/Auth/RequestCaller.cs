using DqPlatform.Domain.Common;
using DqPlatform.Domain.Tenancy;

namespace DqPlatform.Api.Auth;

/// <summary>The authenticated caller of the current request (scoped), set by the transport before execution.</summary>
public sealed class RequestCaller
{
    public Caller? Current { get; set; }

    /// <summary>The caller, or UNAUTHENTICATED; with a scope, FORBIDDEN when the key lacks it.</summary>
    public Caller Require(string? scope = null)
    {
        var caller = Current ?? throw new UnauthenticatedException();
        return scope is null || caller.Has(scope) ? caller : throw new ForbiddenException(scope);
    }
}
