using System.Security.Cryptography;
using DqPlatform.Domain.Tenancy;

namespace DqPlatform.Infrastructure.Security;

/// <summary>Mints API keys: <c>dqp_</c> + 43 base64url characters (256 random bits), stored as prefix + bcrypt hash.</summary>
public static class ApiKeyGenerator
{
    public const int PrefixLength = 12;
    private const int WorkFactor = 11;

    /// <param name="principalId">Who the key acts for: the replaced key's when rotating, else a new principal.</param>
    public static (ApiKey Key, string Plaintext) Create(Guid workspaceId, string name, IEnumerable<string> scopes, DateTimeOffset? expiresAt = null, Guid? principalId = null)
    {
        var secret = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var plaintext = ApiKey.Prefix + secret;
        var key = new ApiKey
        {
            WorkspaceId = workspaceId,
            Name = name,
            KeyPrefix = plaintext[..PrefixLength],
            KeyHash = BCrypt.Net.BCrypt.HashPassword(plaintext, WorkFactor),
            Scopes = scopes.Distinct(StringComparer.Ordinal).ToArray(),
            ExpiresAt = expiresAt,
            PrincipalId = principalId ?? Guid.CreateVersion7(),
        };
        return (key, plaintext);
    }

    public static bool Verify(string plaintext, string keyHash) => BCrypt.Net.BCrypt.Verify(plaintext, keyHash);

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
