namespace DqPlatform.Domain.Tenancy;

/// <summary>The top-level tenant. Owns workspaces.</summary>
public class Organization
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public ICollection<Workspace> Workspaces { get; } = new List<Workspace>();
}
