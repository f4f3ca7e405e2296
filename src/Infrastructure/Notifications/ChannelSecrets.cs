using System.Text.Json;
using DqPlatform.Domain.Notifications;
using DqPlatform.Infrastructure.Security;

namespace DqPlatform.Infrastructure.Notifications;

/// <summary>Seals a channel's settings with the connection configs' AES-256-GCM envelope (key id, rotation), and opens them.</summary>
public sealed class ChannelSecrets(ConnectionConfigProtector protector)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public byte[] Seal(ChannelSettings settings) => protector.Protect(JsonSerializer.Serialize(settings, Json));

    public ChannelSettings Open(byte[] sealedSettings) =>
        JsonSerializer.Deserialize<ChannelSettings>(protector.Unprotect(sealedSettings), Json) ?? new ChannelSettings();
}
