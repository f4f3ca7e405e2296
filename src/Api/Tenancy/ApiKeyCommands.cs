using DqPlatform.Domain.Common;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Security;
using DqPlatform.Infrastructure.Tenancy;

namespace DqPlatform.Api.Tenancy;

/// <summary>
/// Create, revoke and rotate API keys (scope <c>keys:manage</c>), never beyond the caller's own authority: every
/// act on a key needs every scope the key holds, and a minted key expires no later than the caller's.
/// </summary>
public sealed class ApiKeyCommands(ApiKeyStore keys, ICurrentCaller caller, IClock clock)
{
    public async Task<CreatedApiKey> CreateAsync(Func<string> name, string[] scopes, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var manager = caller.Require(ApiKeyScopes.ManageKeys);
        manager.RequireAuthorityOver(ApiKey.RequireScopes(scopes));
        var expiry = ApiKey.RequireFutureExpiry(expiresAt, clock.UtcNow);
        return await MintAsync(manager.WorkspaceId, name(), scopes, manager.CapExpiry(expiry), null, cancellationToken);
    }

    public async Task<ApiKey> RevokeAsync(Guid? id, string shownId, CancellationToken cancellationToken)
    {
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
        old.RevokeForRotation(clock.UtcNow);
        // The replacement does not count against the key quota: the key it replaces is revoked with it, once.
        var (key, plaintext) = ApiKeyGenerator.Create(old.WorkspaceId, old.Name, old.Scopes, manager.CapExpiry(old.ExpiresAt), old.PrincipalId);
        await keys.ReplaceAsync(old, key, cancellationToken);
        return new CreatedApiKey(key, plaintext);
    }

    private async Task<CreatedApiKey> MintAsync(
        Guid workspaceId, string name, string[] scopes, DateTimeOffset? expiresAt, Guid? principalId, CancellationToken cancellationToken)
    {
        var (key, plaintext) = ApiKeyGenerator.Create(workspaceId, name, scopes, expiresAt, principalId);
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
