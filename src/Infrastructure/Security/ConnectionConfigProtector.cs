using System.Security.Cryptography;
using System.Text;
using DqPlatform.Domain.Common;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Security;

/// <summary>
/// AES-256-GCM for connection configs. Layout: version (1) | key-id length (1) | key id | nonce (12) | tag (16) | ciphertext.
/// The key id travels with the ciphertext so old rows still decrypt after the active key rotates.
/// </summary>
public sealed class ConnectionConfigProtector(IOptions<EncryptionOptions> options)
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public byte[] Protect(string plaintextJson)
    {
        var (keyId, key) = ActiveKey();
        var keyIdBytes = Encoding.UTF8.GetBytes(keyId);
        var plaintext = Encoding.UTF8.GetBytes(plaintextJson);
        var output = new byte[2 + keyIdBytes.Length + NonceSize + TagSize + plaintext.Length];
        output[0] = Version;
        output[1] = (byte)keyIdBytes.Length;
        keyIdBytes.CopyTo(output, 2);
        var nonce = output.AsSpan(2 + keyIdBytes.Length, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        var tag = output.AsSpan(2 + keyIdBytes.Length + NonceSize, TagSize);
        var ciphertext = output.AsSpan(2 + keyIdBytes.Length + NonceSize + TagSize);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, ciphertext, tag, associatedData: keyIdBytes);
        return output;
    }

    public string Unprotect(byte[] protectedBytes)
    {
        if (protectedBytes.Length < 2 + NonceSize + TagSize || protectedBytes[0] != Version)
        {
            throw new CryptographicException("Unrecognised connection config format.");
        }

        var keyIdLength = protectedBytes[1];
        var keyIdBytes = protectedBytes.AsSpan(2, keyIdLength);
        var keyId = Encoding.UTF8.GetString(keyIdBytes);
        var key = KeyById(keyId);
        var offset = 2 + keyIdLength;
        var nonce = protectedBytes.AsSpan(offset, NonceSize);
        var tag = protectedBytes.AsSpan(offset + NonceSize, TagSize);
        var ciphertext = protectedBytes.AsSpan(offset + NonceSize + TagSize);
        var plaintext = new byte[ciphertext.Length];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(nonce, ciphertext, tag, plaintext, associatedData: keyIdBytes);
        return Encoding.UTF8.GetString(plaintext);
    }

    /// <summary>The id of the key a ciphertext was sealed with, to find rows that need re-encryption.</summary>
    public static string KeyIdOf(byte[] protectedBytes) => Encoding.UTF8.GetString(protectedBytes, 2, protectedBytes[1]);

    public string ActiveKeyId => ActiveKey().Id;

    /// <summary>A key for another purpose (signing operator sessions), derived from the active key so every node shares it.</summary>
    public byte[] DeriveKey(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, ActiveKey().Key, 32, info: Encoding.UTF8.GetBytes(purpose));

    private (string Id, byte[] Key) ActiveKey()
    {
        var id = options.Value.ActiveKeyId;
        if (string.IsNullOrEmpty(id))
        {
            throw new ValidationException("No encryption key is configured (Dqp:Encryption:ActiveKeyId); connection configs cannot be stored.");
        }

        return (id, KeyById(id));
    }

    private byte[] KeyById(string id)
    {
        if (!options.Value.Keys.TryGetValue(id, out var base64))
        {
            throw new CryptographicException($"Encryption key '{id}' is not configured.");
        }

        var key = Convert.FromBase64String(base64);
        return key.Length == 32 ? key : throw new CryptographicException($"Encryption key '{id}' must be 32 bytes (base64).");
    }
}

/// <summary>
/// Secrets kept in text columns (a webhook's signing secret): the same AES-256-GCM envelope as connection configs,
/// base64 with a marker, so a value written before encryption existed is still recognised as plain.
/// </summary>
public static class TextSecrets
{
    private const string Marker = "enc:";

    public static string ProtectText(this ConnectionConfigProtector protector, string secret) =>
        Marker + Convert.ToBase64String(protector.Protect(secret));

    public static string RevealText(this ConnectionConfigProtector protector, string stored) =>
        stored.StartsWith(Marker, StringComparison.Ordinal) ? protector.Unprotect(Convert.FromBase64String(stored[Marker.Length..])) : stored;

    /// <summary>Whether the stored value is plain or under another key than the active one (re-encryption wanted).</summary>
    public static bool NeedsReencryption(this ConnectionConfigProtector protector, string stored) =>
        !stored.StartsWith(Marker, StringComparison.Ordinal)
        || ConnectionConfigProtector.KeyIdOf(Convert.FromBase64String(stored[Marker.Length..])) != protector.ActiveKeyId;
}
