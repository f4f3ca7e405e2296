using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DqPlatform.Infrastructure.Security;
using Microsoft.Extensions.Options;

namespace DqPlatform.Api.Jobs;

/// <summary>
/// <c>Dqp:Operators:Tokens</c>: the people who run the platform (not any organization's admin), each a name and the
/// SHA-256 hex of a token they hold. An operator signs in once with the token; a short-lived session, signed with a
/// key derived from the encryption key (so any node accepts it), then carries them — never the token itself.
/// </summary>
public sealed class OperatorIdentity(IOptions<OperatorOptions> options, ConnectionConfigProtector protector, TimeProvider time)
{
    private const string Purpose = "dqp operator session v1";

    public static readonly TimeSpan SessionLifetime = TimeSpan.FromMinutes(30);

    /// <summary>The operator a presented token belongs to, or null.</summary>
    public string? OperatorOf(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        foreach (var (name, expected) in options.Value.Tokens)
        {
            if (expected.Length == 64 && CryptographicOperations.FixedTimeEquals(hash, Convert.FromHexString(expected)))
            {
                return name;
            }
        }

        return null;
    }

    public string NewSession(string name)
    {
        var expires = time.GetUtcNow().Add(SessionLifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"{name}.{expires}.{Sign(name, expires)}";
    }

    /// <summary>The operator of an unexpired, correctly signed session whose operator is still configured; else null.</summary>
    public string? OperatorOfSession(string? session)
    {
        var parts = session?.Split('.') ?? [];
        if (parts.Length != 3 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || time.GetUtcNow().ToUnixTimeSeconds() >= expires || !options.Value.Tokens.ContainsKey(parts[0]))
        {
            return null;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(parts[0], parts[1]));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[2])) ? parts[0] : null;
    }

    private string Sign(string name, string expires) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(protector.DeriveKey(Purpose), Encoding.UTF8.GetBytes($"{name}.{expires}")));
}

public sealed class OperatorOptions
{
    /// <summary>Operator name → lowercase hex SHA-256 of the operator's token.</summary>
    public Dictionary<string, string> Tokens { get; set; } = new(StringComparer.Ordinal);
}
