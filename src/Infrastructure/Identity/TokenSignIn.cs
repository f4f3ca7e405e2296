using System.Security.Cryptography;
using System.Text;
using DqPlatform.Domain.Common;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Identity;

/// <summary>
/// A bearer JWT to the user it signs in. The first time a token is seen it is validated against its provider and the
/// user provisioned (<see cref="UserProvisioning"/>); the answer is then kept under the token's hash until the token
/// expires or <see cref="IdentityOptions.TokenCacheLifetime"/> passes, so a busy client pays a dictionary look-up per
/// request, like a cached API key, while an expired token stops working on time. Concurrent first requests share one
/// validation; a refusal is kept a few seconds, so a bad token repeated cannot make this node validate it each time.
/// </summary>
public sealed class TokenSignIn(OidcTokenValidator validator, UserProvisioning provisioning, IMemoryCache cache, IClock clock, IOptions<IdentityOptions> options)
{
    private static readonly TimeSpan RefusalLifetime = TimeSpan.FromSeconds(2);

    public bool Enabled => validator.Enabled;

    /// <summary>The user and when the token expires; or a refusal: <see cref="SignInResult.Code"/> says which.</summary>
    public async Task<SignInResult> SignInAsync(string token, CancellationToken cancellationToken)
    {
        var key = TokenDigest.Of(token);
        if (cache.TryGetValue(key, out Task<SignInResult>? cached) && cached is not null)
        {
            var answer = await cached.WaitAsync(cancellationToken);
            if (answer.UserId is null || answer.ExpiresAt > clock.UtcNow)
            {
                return answer;
            }

            cache.Remove(key);
        }

        var task = cache.GetOrCreate(key, entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = options.Value.TokenCacheLifetime;
            return SignInUncachedAsync(token);
        })!;
        SignInResult result;
        try
        {
            result = await task.WaitAsync(cancellationToken);
        }
        catch when (task.IsFaulted)
        {
            cache.Remove(key);
            throw;
        }

        // Kept no longer than the token lives (nor, for a refusal, more than a moment).
        var until = result.UserId is null ? clock.UtcNow + RefusalLifetime : Min(result.ExpiresAt, clock.UtcNow + options.Value.TokenCacheLifetime);
        _ = cache.Set(key, task, until);
        return result;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private async Task<SignInResult> SignInUncachedAsync(string token)
    {
        // Not the request's token: concurrent callers share this work, and one giving up must not fail the others.
        var validation = await validator.ValidateAsync(token, CancellationToken.None);
        if (validation.Identity is not { } identity)
        {
            return validation.Unavailable
                ? new SignInResult(null, DateTimeOffset.MinValue, Resilience.DependencyFailures.UnavailableCode, validation.Error)
                : SignInResult.Invalid(validation.Error!);
        }

        try
        {
            var userId = await provisioning.SignInAsync(identity, validator.OptionsOf(identity.Provider), CancellationToken.None);
            return new SignInResult(userId, identity.ExpiresAt, null, null);
        }
        catch (DomainException refused)
        {
            return new SignInResult(null, identity.ExpiresAt, refused.Code, refused.Message);
        }
    }
}

/// <summary>
/// A token's SHA-256 as the cache key: computed on the stack (a token is a few hundred bytes; this runs on every
/// request), so a cached sign-in costs what a cached API key costs. The token itself is never kept.
/// </summary>
internal readonly record struct TokenDigest(ulong A, ulong B, ulong C, ulong D)
{
    private const int StackLimit = 4096;

    public static TokenDigest Of(string token)
    {
        var length = Encoding.UTF8.GetMaxByteCount(token.Length);
        var rented = length > StackLimit ? System.Buffers.ArrayPool<byte>.Shared.Rent(length) : null;
        try
        {
            Span<byte> utf8 = rented ?? stackalloc byte[StackLimit];
            var written = Encoding.UTF8.GetBytes(token, utf8);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(utf8[..written], hash);
            var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(hash);
            return new TokenDigest(words[0], words[1], words[2], words[3]);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}

/// <summary>A sign-in: the user and the token's expiry, or the refusal's stable code and message.</summary>
public sealed record SignInResult(Guid? UserId, DateTimeOffset ExpiresAt, string? Code, string? Message)
{
    public const string InvalidTokenCode = "UNAUTHENTICATED";

    public static SignInResult Invalid(string message) => new(null, DateTimeOffset.MinValue, InvalidTokenCode, message);
}
