using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Tenancy;

namespace DqPlatform.Domain.Connections;

/// <summary>
/// A registered source database. Its config (host, user, password…) is only ever held encrypted, and only after the
/// platform judged where it points (<c>SourceTargetGuard</c>): the methods here take the config sealed.
/// </summary>
public class Connection
{
    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public required string Name { get; set; }
    public ConnectionType Type { get; set; }
    public required byte[] ConfigEncrypted { get; set; }
    public ConnectionStatus Status { get; set; }
    public DateTimeOffset? LastTestedAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public Workspace? Workspace { get; set; }
    public ICollection<CheckDefinition> Checks { get; } = new List<CheckDefinition>();

    public static Connection Define(Guid workspaceId, string name, ConnectionType type, byte[] sealedConfig) =>
        new() { WorkspaceId = workspaceId, Name = Names.Require(name), Type = type, ConfigEncrypted = sealedConfig };

    /// <summary>A new name and/or config; a new config has not been tested yet, so its status is unknown again.</summary>
    public void Update(string? name, byte[]? sealedConfig, DateTimeOffset now)
    {
        Name = name is null ? Name : Names.Require(name);
        if (sealedConfig is not null)
        {
            ConfigEncrypted = sealedConfig;
            Status = ConnectionStatus.Unknown;
        }

        UpdatedAt = now;
    }

    /// <summary>
    /// What a test's failure says of the source: a config the platform refuses is an error of the connection; a source
    /// that did not answer is unhealthy; no failure is healthy.
    /// </summary>
    public static ConnectionStatus StatusAfterTest(DomainException? failure) => failure switch
    {
        null => ConnectionStatus.Healthy,
        ValidationException => ConnectionStatus.Error,
        _ => ConnectionStatus.Unhealthy,
    };
}
