namespace DqPlatform.Domain.People;

/// <summary>A user's membership of one workspace, with the role (built-in or custom slug) they hold there.</summary>
public class WorkspaceMember
{
    public Guid WorkspaceId { get; set; }
    public Guid UserId { get; set; }
    public required string Role { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public User? User { get; set; }
}
