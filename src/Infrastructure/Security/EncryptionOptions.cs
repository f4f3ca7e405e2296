namespace DqPlatform.Infrastructure.Security;

/// <summary><c>Dqp:Encryption</c>: base64 AES-256 keys by id, and which one seals new data.</summary>
public sealed class EncryptionOptions
{
    public string ActiveKeyId { get; set; } = "";
    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);
}
