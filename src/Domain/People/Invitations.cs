using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.People;

/// <summary>
/// A person invited by email before they ever signed in: a user row with <see cref="Issuer"/> <c>invited</c> and
/// <see cref="User.ExternalId"/> the normalized email, holding the memberships they were given.
/// <para>
/// Contract with sign-in: when a verified token matches no user by (issuer, subject), sign-in looks up the invited
/// user whose external id is <see cref="NormalizeEmail"/> of the token's verified email and claims that row (sets the
/// real issuer, subject and last sign-in, keeping its id and memberships). An unverified email claims nothing.
/// </para>
/// </summary>
public static class Invitations
{
    public const string Issuer = "invited";
    public const int EmailMaxLength = 255; // the external id column holds it

    public static string NormalizeEmail(string? email)
    {
        var value = email?.Trim().ToLowerInvariant() ?? "";
        var at = value.IndexOf('@');
        return at > 0 && at == value.LastIndexOf('@') && at < value.Length - 1 && value.Length <= EmailMaxLength && !value.Any(char.IsWhiteSpace)
            ? value
            : throw new ValidationException("'email' must be an email address.", "email");
    }

    public static User Pending(string normalizedEmail) =>
        new() { Issuer = Issuer, ExternalId = normalizedEmail, Email = normalizedEmail };

    public static bool IsPending(User user) => user.Issuer == Issuer && user.LastSignInAt is null;
}
