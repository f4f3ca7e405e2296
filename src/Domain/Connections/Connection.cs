using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Tenancy;

namespace DqPlatform.Domain.Connections;

/// <summary>A registered source database. Its config (host, user, password…) is only ever held encrypted.</summary>
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
}
