namespace DqPlatform.Domain.People;

/// <summary>
/// An invited person is a user row before they ever signed in: <see cref="User.Issuer"/> is <see cref="Issuer"/> and
/// <see cref="User.ExternalId"/> the invited email address, lower-cased. Their first sign-in with that address,
/// verified by the provider, claims the row (and its memberships).
/// </summary>
public static class Invitations
{
    public const string Issuer = "invited";
}
