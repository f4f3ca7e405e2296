using System.Security.Cryptography;
using System.Text;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Domain.People;
using DqPlatform.Infrastructure.People;
using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.Infrastructure.Security;

/// <summary>
/// Verifies <c>dqp_…</c> keys in two steps, each cached. bcrypt (tens of milliseconds) proves once per process and
/// key that the presented secret matches the stored hash; after that only the key's row is re-read every
/// <see cref="StatusLifetime"/>, so a revoked or expired key stops working on every node within 5 s while a busy
/// dashboard never pays bcrypt again. Concurrent first requests share one verification instead of each running bcrypt.
/// A personal key (<see cref="ApiKey.UserId"/> set) acts as its user, bounded by what the user may do now (see
/// <see cref="PersonalKeys"/>).
/// </summary>
public sealed class ApiKeyAuthenticator(IServiceScopeFactory scopes, IMemoryCache cache, IClock clock, UserAccess users)
{
    public static readonly TimeSpan StatusLifetime = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan ProofLifetime = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);
    private static readonly int KeyLength = ApiKey.Prefix.Length + 43;

    /// <summary>The caller for a well-formed, active key; null for anything else.</summary>
    public async Task<Caller?> AuthenticateAsync(string presented, CancellationToken cancellationToken)
    {
        if (presented.Length != KeyLength || !presented.StartsWith(ApiKey.Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var digest = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
        var keyId = await SharedAsync("apikey-proof:" + digest, ProofLifetime, () => ProveAsync(presented));
        var key = keyId is null ? null : await SharedAsync("apikey-status:" + keyId, StatusLifetime, () => LoadStatusAsync(keyId.Value));
        if (key?.UserId is not { } user)
        {
            return key;
        }

        // Bounded after the status cache, not inside it: the user's access has its own 4 s cache, so a removed
        // membership ends the key within one lifetime instead of two stacked ones.
        var person = await users.CallerAsync(user, key.WorkspaceId, cancellationToken);
        return person is null ? null : PersonalKeys.Bound(key, person);
    }

    // The task itself is cached, so callers arriving while it runs await the same work; a failure is not remembered.
    private async Task<T> SharedAsync<T>(string key, TimeSpan lifetime, Func<Task<T>> create)
    {
        var task = cache.GetOrCreate(key, entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = lifetime;
            return create();
        })!;
        try
        {
            return await task;
        }
        catch
        {
            cache.Remove(key);
            throw;
        }
    }

    /// <summary>bcrypt against the keys sharing the prefix; the id of the matching key, or null. Shared by concurrent callers.</summary>
    private Task<Guid?> ProveAsync(string presented) => Task.Run(async () =>
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DqDbContext>();
        var prefix = presented[..ApiKeyGenerator.PrefixLength];
        var candidates = await db.ApiKeys.AsNoTracking().Where(k => k.KeyPrefix == prefix)
            .Select(k => new { k.Id, k.KeyHash }).ToListAsync();
        return candidates.FirstOrDefault(c => ApiKeyGenerator.Verify(presented, c.KeyHash))?.Id;
    });

    private async Task<Caller?> LoadStatusAsync(Guid keyId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DqDbContext>();
        var row = await db.ApiKeys.AsNoTracking().Where(k => k.Id == keyId)
            .Select(k => new { Key = k, k.Workspace!.OrganizationId }).SingleOrDefaultAsync();
        var now = clock.UtcNow;
        if (row is null || !row.Key.IsActiveAt(now))
        {
            return null;
        }

        if (row.Key.LastUsedAt is null || now - row.Key.LastUsedAt > LastUsedResolution)
        {
            // At most one write per key per minute, never one per request.
            await db.ApiKeys.Where(k => k.Id == keyId).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now));
        }

        return new Caller(row.Key.Id, row.Key.WorkspaceId, row.OrganizationId, new HashSet<string>(row.Key.Scopes, StringComparer.Ordinal))
        {
            ExpiresAt = row.Key.ExpiresAt,
            PrincipalId = row.Key.PrincipalId,
            UserId = row.Key.UserId,
        };
    }
}
