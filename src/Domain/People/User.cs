namespace DqPlatform.Domain.People;

/// <summary>
/// A person, known by the identity provider that signed them in (<see cref="Issuer"/> and its subject
/// <see cref="ExternalId"/>, seed 003's unique <c>external_id</c>). Users are provisioned on first sign-in; what they may
/// do comes from their memberships, never from the token alone.
/// </summary>
public class User
{
    public Guid Id { get; set; }
    public required string Issuer { get; set; }
    public required string ExternalId { get; set; }
    public string? Email { get; set; }
    public string? Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? LastSignInAt { get; set; }
}
