using DqPlatform.Domain.Common;
using DqPlatform.Domain.Tenancy;

namespace DqPlatform.Api.Auth;

/// <summary>The authenticated caller of the current request (scoped), set by the transport before execution.</summary>
public sealed class RequestCaller : ICurrentCaller
{
    // The caller of the execution flowing from where it was set: a WebSocket runs every operation in a scope of its
    // own, long after the upgrade request whose HttpContext the audit would otherwise read (and find no caller in).
    private static readonly AsyncLocal<Caller?> Flowing = new();

    private Caller? _current;

    public Caller? Current
    {
        get => _current;
        set
        {
            _current = value;
            Flowing.Value = value;
        }
    }

    /// <summary>The caller set by the transport for the operation now executing, on HTTP and WebSocket alike.</summary>
    public static Caller? OfExecution => Flowing.Value;

    /// <summary>The caller, or UNAUTHENTICATED; with a scope, FORBIDDEN when the key lacks it.</summary>
    public Caller Require(string? scope = null)
    {
        var caller = Current ?? throw new UnauthenticatedException();
        if (!caller.HasWorkspace && scope != ApiKeyScopes.OrganizationAdmin)
        {
            // Only organization administration acts without a workspace; everything else reads or writes one.
            throw new WorkspaceRequiredException();
        }

        return scope is null || caller.Has(scope) ? caller : throw new ForbiddenException(scope);
    }
}
