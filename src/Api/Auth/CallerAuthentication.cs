using DqPlatform.Domain.People;
using DqPlatform.Domain.Tenancy;
using DqPlatform.GraphQL.Relay;
using DqPlatform.Infrastructure.Identity;
using DqPlatform.Infrastructure.People;
using DqPlatform.Infrastructure.Resilience;
using DqPlatform.Infrastructure.Security;

namespace DqPlatform.Api.Auth;

/// <summary>
/// Who a bearer credential is, on every transport (HTTP, WebSocket, the socket watch): an API key (<c>dqp_…</c>) is
/// its key's caller in the key's one workspace; any other bearer is a JWT from a configured identity provider, whose
/// user acts in the workspace the request names (or their only one). The one place credentials become a caller.
/// </summary>
public sealed class CallerAuthentication(ApiKeyAuthenticator keys, TokenSignIn tokens, UserAccess access)
{
    public const string WorkspaceHeader = "X-Dqp-Workspace";

    public async Task<AuthOutcome> AuthenticateAsync(string bearer, string? workspace, CancellationToken cancellationToken)
    {
        var named = ParseWorkspace(workspace);
        if (named is { Valid: false })
        {
            // Not a workspace id at all: the client's mistake in the request, not a workspace it may not use.
            return AuthOutcome.Invalid(new Domain.Common.ValidationException(
                $"{WorkspaceHeader} must be a workspace's global id or uuid.", "workspace"));
        }

        if (bearer.StartsWith(ApiKey.Prefix, StringComparison.Ordinal))
        {
            var key = await keys.AuthenticateAsync(bearer, cancellationToken);
            return key is null ? AuthOutcome.Unauthenticated("The API key is invalid, expired or revoked.")
                // A key acts in its own workspace only: naming another is a mistake, not a switch.
                : named.Id is { } id && id != key.WorkspaceId ? AuthOutcome.Refused(new WorkspaceForbiddenException())
                : AuthOutcome.Of(key);
        }

        if (!tokens.Enabled || !OidcTokenValidator.LooksLikeJwt(bearer))
        {
            return AuthOutcome.Unauthenticated(tokens.Enabled
                ? "The bearer credential is neither an API key nor a JWT."
                : "The API key is invalid, expired or revoked.");
        }

        var signIn = await tokens.SignInAsync(bearer, cancellationToken);
        if (signIn.UserId is not { } userId)
        {
            return signIn.Code == SignInResult.InvalidTokenCode ? AuthOutcome.InvalidToken(signIn.Message!)
                // The provider is down: like any dependency outage, 503 with Retry-After (the token may be fine).
                : signIn.Code == DependencyFailures.UnavailableCode ? new AuthOutcome(null, StatusCodes.Status503ServiceUnavailable, signIn.Code, signIn.Message, null)
                : new AuthOutcome(null, StatusCodes.Status403Forbidden, signIn.Code, signIn.Message, null);
        }

        var caller = await access.CallerAsync(userId, named.Id, cancellationToken);
        if (caller is null)
        {
            return AuthOutcome.Refused(named.Id is null ? new NoMembershipException() : new WorkspaceForbiddenException());
        }

        return AuthOutcome.Of(caller with { ExpiresAt = signIn.ExpiresAt });
    }

    /// <summary>The workspace a request names: a workspace's global id (as the graph returns it) or its uuid; absent is fine.</summary>
    public static (bool Valid, Guid? Id) ParseWorkspace(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return (true, null);
        }

        value = value.Trim();
        if (Guid.TryParse(value, out var raw))
        {
            return (true, raw);
        }

        return GlobalId.TryDecode(value, out string type, out Guid id) && type == "Workspace" ? (true, id) : (false, null);
    }
}

/// <summary>A credential's verdict: the caller, or the refusal's HTTP status, stable code, message and challenge.</summary>
public sealed record AuthOutcome(Caller? Caller, int Status, string? Code, string? Message, string? Challenge)
{
    public static AuthOutcome Of(Caller caller) => new(caller, StatusCodes.Status200OK, null, null, null);

    public static AuthOutcome Unauthenticated(string message) => new(null, StatusCodes.Status401Unauthorized, "UNAUTHENTICATED", message, "Bearer");

    /// <summary>A bearer JWT that failed validation (RFC 6750: the client should get a new token).</summary>
    public static AuthOutcome InvalidToken(string message) =>
        new(null, StatusCodes.Status401Unauthorized, "UNAUTHENTICATED", message, $"Bearer error=\"invalid_token\", error_description=\"{message.Replace("\"", "'", StringComparison.Ordinal)}\"");

    /// <summary>A malformed request (such as a workspace that is not an id): 400 with the refusal's code.</summary>
    public static AuthOutcome Invalid(Domain.Common.DomainException refusal) => new(null, StatusCodes.Status400BadRequest, refusal.Code, refusal.Message, null);

    public static AuthOutcome Refused(Domain.Common.DomainException refusal) => new(null, StatusCodes.Status403Forbidden, refusal.Code, refusal.Message, null);
}
