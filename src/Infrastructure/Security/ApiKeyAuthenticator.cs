using System.Security.Cryptography;
using System.Text;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.Infrastructure.Security;

/// <summary>
/// Verifies <c>dqp_…</c> keys. bcrypt costs tens of milliseconds, so each verdict (good or bad) is cached for
/// <see cref="CacheLifetime"/>: short enough that a revoked or expired key stops working on every node within 5 s,
/// long enough that a busy dashboard pays bcrypt once every few seconds, not per request.
/// </summary>
public sealed class ApiKeyAuthenticator(IServiceScopeFactory scopes, IMemoryCache cache, IClock clock)
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);
    private static readonly int KeyLength = ApiKey.Prefix.Length + 43;

    /// <summary>The caller for a well-formed, active key; null for anything else.</summary>
    public async Task<Caller?> AuthenticateAsync(string presented, CancellationToken cancellationToken)
    {
        if (presented.Length != KeyLength || !presented.StartsWith(ApiKey.Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var cacheKey = "apikey:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
        if (cache.TryGetValue(cacheKey, out Verdict? cached) && cached is not null)
        {
            return cached.Caller;
        }

        var verdict = await VerifyAsync(presented, cancellationToken);
        cache.Set(cacheKey, verdict, CacheLifetime);
        return verdict.Caller;
    }

    private async Task<Verdict> VerifyAsync(string presented, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DqDbContext>();
        var prefix = presented[..ApiKeyGenerator.PrefixLength];
        var candidates = await db.ApiKeys.AsNoTracking()
            .Where(k => k.KeyPrefix == prefix)
            .Select(k => new { Key = k, k.Workspace!.OrganizationId })
            .ToListAsync(cancellationToken);
        var now = clock.UtcNow;
        foreach (var candidate in candidates)
        {
            if (!ApiKeyGenerator.Verify(presented, candidate.Key.KeyHash))
            {
                continue;
            }

            if (!candidate.Key.IsActiveAt(now))
            {
                return Verdict.Rejected;
            }

            if (candidate.Key.LastUsedAt is null || now - candidate.Key.LastUsedAt > LastUsedResolution)
            {
                // At most one write per key per minute and per cache lifetime, never one per request.
                await db.ApiKeys.Where(k => k.Id == candidate.Key.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), cancellationToken);
            }

            var scopesOfKey = new HashSet<string>(candidate.Key.Scopes, StringComparer.Ordinal);
            return new Verdict(new Caller(candidate.Key.Id, candidate.Key.WorkspaceId, candidate.OrganizationId, scopesOfKey));
        }

        return Verdict.Rejected;
    }

    private sealed record Verdict(Caller? Caller)
    {
        public static readonly Verdict Rejected = new((Caller?)null);
    }
}
