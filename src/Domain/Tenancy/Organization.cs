namespace DqPlatform.Domain.Tenancy;

/// <summary>The top-level tenant. Owns workspaces.</summary>
public class Organization
{
    public Guid Id { get; set; }
    public required string Name { get; set; }

    /// <summary>Seed 003: the organization's unique handle; the claim that provisions users names it.</summary>
    public string? Slug { get; set; }

    /// <summary>Seed 003: free-form settings as a JSON object.</summary>
    public string Settings { get; set; } = "{}";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public ICollection<Workspace> Workspaces { get; } = new List<Workspace>();
}
