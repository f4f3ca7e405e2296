namespace DqPlatform.Domain.People;

/// <summary>
/// A user's place in an organization (seed 003's organization role memberships). <see cref="Role"/> is an
/// organization-wide role (a built-in slug such as <c>owner</c>, or a custom role's slug) that applies in every
/// workspace of the organization; null for a plain member whose access comes from workspace memberships only.
/// </summary>
public class OrganizationMember
{
    public Guid OrganizationId { get; set; }
    public Guid UserId { get; set; }
    public string? Role { get; set; }

    /// <summary>Where <see cref="Role"/> came from: set by a person, or mapped from the provider's group claim at sign-in.</summary>
    public MembershipSource Source { get; set; } = MembershipSource.Manual;

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public User? User { get; set; }
}

/// <summary>How a membership's role was given: by a person in the graph, or by the identity provider's group claim.</summary>
public enum MembershipSource
{
    Manual,
    Claims,
}
