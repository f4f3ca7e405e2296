namespace DqPlatform.Domain.People;

/// <summary>An organization's own role (seed 003 <c>ORG_ROLES</c>): a named set of the existing scopes.</summary>
public class CustomRole
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string[] Scopes { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
