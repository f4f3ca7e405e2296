namespace DqPlatform.Infrastructure.Identity;

/// <summary>What a validated token says about its bearer: who (issuer and subject), and the claims provisioning reads.</summary>
public sealed record SignedInIdentity(
    string Provider,
    string Issuer,
    string Subject,
    string? Email,
    bool EmailVerified,
    string? Name,
    string? Organization,
    IReadOnlyList<string> Groups,
    DateTimeOffset ExpiresAt);

/// <summary>A token's verdict: the identity, or why it was refused (<see cref="Error"/> is safe to show the client).</summary>
/// <see cref="Unavailable"/>: the token could not be checked because its provider is unreachable (not the client's fault).
public sealed record TokenValidation(SignedInIdentity? Identity, string? Error, bool Unavailable = false)
{
    public static TokenValidation Refused(string error) => new(null, error);
}
