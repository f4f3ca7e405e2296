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
public sealed record TokenValidation(SignedInIdentity? Identity, string? Error)
{
    public static TokenValidation Refused(string error) => new(null, error);
}
