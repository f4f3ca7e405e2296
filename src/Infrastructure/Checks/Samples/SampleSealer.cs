using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using DqPlatform.Domain.Checks.Samples;
using DqPlatform.Infrastructure.Security;

namespace DqPlatform.Infrastructure.Checks.Samples;

/// <summary>
/// Masks and seals a sample before it reaches the database, and opens it again for the graph. Hashed columns are an
/// HMAC-SHA-256 of the value under a key derived per workspace from the platform's active encryption key (HKDF), in hex:
/// equal values hash equally within a workspace (the same three customers fail every night, visibly), but the hash
/// matches nothing in another workspace, and no one holding only the database can test guesses against it (a plain
/// salted SHA-256 with its salt in the same database could be brute-forced for e-mails or phone numbers). Rotating the
/// active key changes the hashes of later samples. The sealed payload is the connection-config envelope (AES-256-GCM,
/// key id inside), so old samples still open after a rotation while their key stays configured (at least the retention).
/// </summary>
public sealed class SampleSealer(ConnectionConfigProtector protector)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    public byte[] Seal(Guid workspaceId, FailedRowSample sample, IReadOnlyDictionary<string, SampleMask> mask)
    {
        var key = protector.DeriveKey("dqp-sample-hash:" + workspaceId.ToString("N"));
        var masked = sample.Masked(mask, value => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value))));
        return protector.Protect(JsonSerializer.Serialize(masked, Json));
    }

    public FailedRowSample Open(byte[] payload) => JsonSerializer.Deserialize<FailedRowSample>(protector.Unprotect(payload), Json)!;
}
