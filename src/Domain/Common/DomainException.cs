namespace DqPlatform.Domain.Common;

/// <summary>
/// A failure the caller can act on. <see cref="Code"/> is stable and reaches clients as <c>extensions.code</c>;
/// the API maps each subtype once instead of every resolver inventing its own strings.
/// </summary>
public abstract class DomainException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>Input that breaks a rule; nothing was changed. <see cref="Field"/> names the offending input field.</summary>
public sealed class ValidationException(string message, string? field = null) : DomainException("VALIDATION", message)
{
    public string? Field { get; } = field;
}

/// <summary>The resource does not exist for this caller — also what another tenant's id answers.</summary>
public sealed class NotFoundException(string entity, object id) : DomainException("NOT_FOUND", $"{entity} '{id}' was not found.");

/// <summary>The change conflicts with existing state (a duplicate name, a resource still in use).</summary>
public sealed class ConflictException(string message) : DomainException("CONFLICT", message);

/// <summary>No valid credentials were presented.</summary>
public sealed class UnauthenticatedException(string message = "A valid API key is required: send 'Authorization: Bearer dqp_…'.")
    : DomainException("UNAUTHENTICATED", message);

/// <summary>The credentials are valid but lack the scope this operation needs.</summary>
public sealed class ForbiddenException(string scope) : DomainException("FORBIDDEN", $"The caller lacks the '{scope}' scope here.");

/// <summary>A user who belongs to several workspaces asked for workspace data without naming one.</summary>
public sealed class WorkspaceRequiredException()
    : DomainException("WORKSPACE_REQUIRED", "You belong to several workspaces: name one with the 'X-Dqp-Workspace' header (or 'workspace' in connection_init).");

/// <summary>The connection's type is accepted but no driver for it exists in this deployment.</summary>
public sealed class UnsupportedConnectorException(string message) : DomainException("UNSUPPORTED_CONNECTOR", message);

/// <summary>The caller may not act on a key that holds a scope the caller lacks.</summary>
public sealed class KeyAuthorityException(string scope)
    : DomainException("FORBIDDEN", $"This API key lacks the '{scope}' scope, which the key acted on holds; a key may only create, rotate or revoke keys no more powerful than itself.");

/// <summary>A personal key is rotated only by its own user: rotation hands out a secret that acts as that user.</summary>
public sealed class PersonalKeyRotationException()
    : DomainException("FORBIDDEN", "A personal key can only be rotated by its own user; revoke it instead, and let its user create a new one.");

/// <summary>Without <c>keys:manage</c> a user revokes only their own personal keys.</summary>
public sealed class NotYourKeyException()
    : DomainException("FORBIDDEN", "The caller lacks the 'keys:manage' scope here, and may revoke only their own personal keys.");

/// <summary>A role that read roles of datasets match is given only by someone who holds it, or an organization admin.</summary>
public sealed class RoleNotHeldException(string role)
    : DomainException("FORBIDDEN", $"You do not hold the role '{role}' yourself: only holders of a role (or an organization admin) give it, since datasets may be readable by that role alone.");

/// <summary>An act only a person can do (a personal key, an organization of one's own) was asked by a service-account key.</summary>
public sealed class UserOnlyException(string what)
    : DomainException("FORBIDDEN", $"Only a signed-in user (or their personal key) can {what}.");

/// <summary>The caller may not give or take a role that holds a scope the caller lacks.</summary>
public sealed class RoleAuthorityException(string scope)
    : DomainException("FORBIDDEN", $"You lack the '{scope}' scope, which the role holds; you may only grant or change roles no more powerful than your own.");

/// <summary>Creating organizations is for the platform's configured operators (<c>Dqp:Platform:Operators</c>).</summary>
public sealed class PlatformOperatorRequiredException()
    : DomainException("FORBIDDEN", "Only a platform operator (Dqp:Platform:Operators) can create organizations.");

/// <summary>The caller asked again too soon; <see cref="RetryAfter"/> says when asking again will be answered.</summary>
public sealed class RateLimitedException(string message, TimeSpan retryAfter) : DomainException("RATE_LIMITED", message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
