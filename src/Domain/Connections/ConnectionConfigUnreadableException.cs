using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Connections;

/// <summary>
/// A stored connection config that the configured keys cannot decrypt (its key was removed, or the data is damaged).
/// Permanent: no retry reads it, so a run against it fails once with this reason; saving the config again repairs it.
/// </summary>
public sealed class ConnectionConfigUnreadableException(string keyId) : DomainException(
    "CONNECTION_CONFIG_UNREADABLE",
    $"The connection's config cannot be decrypted with the configured keys (it was sealed with key '{keyId}'); save the connection's config again.");
