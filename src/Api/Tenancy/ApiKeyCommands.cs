using DqPlatform.Domain.Common;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Security;
using DqPlatform.Infrastructure.Tenancy;

namespace DqPlatform.Api.Tenancy;

/// <summary>
/// Create, revoke and rotate API keys (scope <c>keys:manage</c>), never beyond the caller's own authority: every
/// act on a key needs every scope the key holds, and a minted key expires no later than the caller's. A user may also
/// mint themselves a personal key without <c>keys:manage</c>: bound to them, with scopes they hold, and never acting
/// beyond their roles of the moment (<see cref="Domain.People.PersonalKeys"/>). Every key records who created it.
/// </summary>
public sealed class ApiKeyCommands(ApiKeyStore keys, ICurrentCaller caller, IClock clock)
{
    public async Task<CreatedApiKey> CreateAsync(Func<string> name, string[] scopes, DateTimeOffset? expiresAt, bool personal, CancellationToken cancellationToken)
    {
        // A personal key needs no scope of its own: its authority is the user's, checked scope by scope below.
        var manager = personal ? caller.Require() : caller.Require(ApiKeyScopes.ManageKeys);
        var owner = personal ? manager.UserId ?? throw new UserOnlyException("mint a personal key") : (Guid?)null;
        manager.RequireAuthorityOver(ApiKey.RequireScopes(scopes));
        var expiry = ApiKey.RequireFutureExpiry(expiresAt, clock.UtcNow);
        return await MintAsync(manager, name(), scopes, manager.CapExpiry(expiry), owner, cancellationToken);
    }

    /// <summary>
    /// Revokes a key: with <c>keys:manage</c> any key no more powerful than the caller; without it, only the caller's own
    /// personal keys (any other key, or none, is FORBIDDEN, so the scope still answers before the lookup does).
    /// </summary>
    public async Task<ApiKey> RevokeAsync(Guid? id, string shownId, CancellationToken cancellationToken)
    {
        var who = caller.Require();
        if (!who.Has(ApiKeyScopes.ManageKeys))
        {
            var own = (id is { } known ? await keys.FindAsync(known, cancellationToken) : null) is { } found && found.IsPersonalKeyOf(who) ? found : null;
            if (own is null)
            {
                // As before the lookup: a caller without keys:manage learns nothing about other keys.
                throw who.UserId is null ? new ForbiddenException(ApiKeyScopes.ManageKeys) : new NotYourKeyException();
            }

            // No authority check: revoking one's own key grants nothing, and a demoted user can still drop an old key.
            own.Revoke(clock.UtcNow);
            await keys.SaveAsync(cancellationToken);
            return own;
        }

        var (manager, key) = await OwnKeyAsync(id, shownId, cancellationToken);
        manager.RequireAuthorityOver(key.Scopes);
        key.Revoke(clock.UtcNow);
        await keys.SaveAsync(cancellationToken);
        return key;
    }

    /// <summary>Replaces a key with a new one of the same name, scopes, expiry and principal, and revokes the old one.</summary>
    public async Task<CreatedApiKey> RotateAsync(Guid? id, string shownId, CancellationToken cancellationToken)
    {
        var (manager, old) = await OwnKeyAsync(id, shownId, cancellationToken);
        manager.RequireAuthorityOver(old.Scopes);
        old.RequireRotatableBy(manager);
        old.RevokeForRotation(clock.UtcNow);
        // The replacement does not count against the key quota: the key it replaces is revoked with it, once.
        var (key, plaintext) = ApiKeyGenerator.Create(old.WorkspaceId, old.Name, old.Scopes, manager.CapExpiry(old.ExpiresAt), old.PrincipalId);
        key.UserId = old.UserId;
        key.CreatedById = manager.Actor.Id;
        await keys.ReplaceAsync(old, key, cancellationToken);
        return new CreatedApiKey(key, plaintext);
    }

    private async Task<CreatedApiKey> MintAsync(
        Caller manager, string name, string[] scopes, DateTimeOffset? expiresAt, Guid? userId, CancellationToken cancellationToken)
    {
        // A personal key's principal is its user: what it saves privately is the user's.
        var (key, plaintext) = ApiKeyGenerator.Create(manager.WorkspaceId, name, scopes, expiresAt, userId);
        key.UserId = userId;
        key.CreatedById = manager.Actor.Id;
        await keys.AddWithinQuotaAsync(key, clock.UtcNow, cancellationToken);
        return new CreatedApiKey(key, plaintext);
    }

    private async Task<(Caller Manager, ApiKey Key)> OwnKeyAsync(Guid? id, string shownId, CancellationToken cancellationToken)
    {
        var manager = caller.Require(ApiKeyScopes.ManageKeys);
        var key = (id is { } known ? await keys.FindAsync(known, cancellationToken) : null) ?? throw new NotFoundException("ApiKey", shownId);
        return (manager, key);
    }
}
