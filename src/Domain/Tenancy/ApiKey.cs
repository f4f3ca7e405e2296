namespace DqPlatform.Domain.Tenancy;

/// <summary>
/// A workspace credential. Only <see cref="KeyPrefix"/> and a bcrypt <see cref="KeyHash"/> are stored;
/// the full key is shown once when created.
/// </summary>
public class ApiKey
{
    public const string Prefix = "dqp_";

    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public required string Name { get; set; }
    public required string KeyPrefix { get; set; }
    public required string KeyHash { get; set; }
    public string[] Scopes { get; set; } = [];
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Addition to seed 002: revocation keeps the row (and its audit trail) instead of deleting it.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>
    /// Addition to seed 002: who the key acts for, kept across rotation (the new key inherits it), so what a key owns
    /// (private saved queries) stays with its holder when the secret changes.
    /// </summary>
    public Guid PrincipalId { get; set; }

    /// <summary>The user a personal key belongs to (its <see cref="PrincipalId"/> is then that user's id); null for a service account.</summary>
    public Guid? UserId { get; set; }

    /// <summary>The actor (user or key) who created the key; null for keys made by the bootstrap or before users existed.</summary>
    public Guid? CreatedById { get; set; }

    public Workspace? Workspace { get; set; }

    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    /// <summary>A new key names at least one scope, all of them known.</summary>
    public static string[] RequireScopes(string[] scopes) =>
        scopes.Length == 0 || scopes.Any(s => !ApiKeyScopes.All.Contains(s))
            ? throw new Common.ValidationException($"'scopes' must name at least one of: {string.Join(", ", ApiKeyScopes.All)}.", "scopes")
            : scopes;

    /// <summary>A new key's expiry, when it has one, lies in the future.</summary>
    public static DateTimeOffset? RequireFutureExpiry(DateTimeOffset? expiresAt, DateTimeOffset now) =>
        expiresAt <= now ? throw new Common.ValidationException("'expiresAt' must be in the future.", "expiresAt") : expiresAt;

    /// <summary>
    /// Rotation hands out a new secret that keeps the key's user: a personal key is rotated by its own user only, never by
    /// a manager of keys (who could then act as that user). Revoking it stays open to them: it grants nothing.
    /// </summary>
    public void RequireRotatableBy(Caller rotator)
    {
        if (UserId is { } owner && rotator.UserId != owner)
        {
            throw new Common.PersonalKeyRotationException();
        }
    }

    /// <summary>Whether <paramref name="caller"/> may revoke this key without <c>keys:manage</c>: it is their own personal key.</summary>
    public bool IsPersonalKeyOf(Caller caller) => UserId is { } owner && caller.UserId == owner;

    /// <summary>Revoking twice keeps the first moment.</summary>
    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;

    /// <summary>Rotation revokes the old key; a revoked key has nothing left to rotate.</summary>
    public void RevokeForRotation(DateTimeOffset now)
    {
        if (RevokedAt is not null)
        {
            throw new Common.ConflictException("A revoked key cannot be rotated; create a new one.");
        }

        RevokedAt = now;
    }
}
