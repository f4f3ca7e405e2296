namespace DqPlatform.Domain.Tenancy;

/// <summary>
/// Who is calling: an API key or a signed-in user (or both: a user's personal key), the workspace the call acts in,
/// its organization, and what it may do there. A user with several workspaces who named none has
/// <see cref="WorkspaceId"/> empty: organization-level fields answer, workspace data asks for a workspace.
/// </summary>
public sealed record Caller(Guid? ApiKeyId, Guid WorkspaceId, Guid OrganizationId, IReadOnlySet<string> Scopes)
{
    /// <summary>
    /// Who the call acts for, what it owns (private saved queries): the user for a person or a personal key, otherwise
    /// the key's principal, kept across rotation (see <see cref="ApiKey.PrincipalId"/>).
    /// </summary>
    public Guid PrincipalId { get; init; }

    /// <summary>The signed-in user, or the user a personal key belongs to; null for a service-account key.</summary>
    public Guid? UserId { get; init; }

    /// <summary>The role slugs that gave <see cref="Scopes"/> (empty for a service-account key); read roles of datasets match these.</summary>
    public IReadOnlySet<string> Roles { get; init; } = new HashSet<string>();

    /// <summary>When the calling key or token expires (null: never).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>
    /// When the calling API key expires (null: never, or no key). A signed-in session's token expiry is not here: a
    /// session ends and is renewed, and what its user mints should not die with it.
    /// </summary>
    public DateTimeOffset? KeyExpiresAt => ApiKeyId is null ? null : ExpiresAt;

    /// <summary>Who is named as having done what this caller does: the user when there is one, otherwise the key.</summary>
    public ActorRef Actor => UserId is { } user ? ActorRef.User(user) : ActorRef.Key(ApiKeyId ?? Guid.Empty);

    public bool HasWorkspace => WorkspaceId != Guid.Empty;

    public bool Has(string scope)
    {
        if (Scopes.Contains(scope))
        {
            return true;
        }

        // A loop, not Any(lambda): the lambda's capture of 'scope' would allocate on every check, hits included.
        foreach (var held in Scopes)
        {
            if (ApiKeyScopes.Grants(held, scope))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Least privilege, for every act on a key (create, rotate, revoke): the caller must hold every scope the key
    /// holds, so <c>keys:manage</c> cannot rotate itself an <c>org:admin</c> key, nor revoke the admins'.
    /// </summary>
    public void RequireAuthorityOver(IEnumerable<string> keyScopes)
    {
        if (keyScopes.FirstOrDefault(s => !Has(s)) is { } missing)
        {
            throw new Common.KeyAuthorityException(missing);
        }
    }

    /// <summary>
    /// A key this caller mints lives no longer than the caller's own key: an expiry later than it is capped. A signed-in
    /// session's token does not cap (see <see cref="KeyExpiresAt"/>).
    /// </summary>
    public DateTimeOffset? CapExpiry(DateTimeOffset? requested) =>
        KeyExpiresAt is not { } own ? requested : requested is { } r && r < own ? r : own;
}

/// <summary>Who did something: a user or an API key, by id.</summary>
public readonly record struct ActorRef(ActorKind Kind, Guid Id)
{
    public static ActorRef User(Guid id) => new(ActorKind.User, id);
    public static ActorRef Key(Guid id) => new(ActorKind.ApiKey, id);
}

public enum ActorKind
{
    User,
    ApiKey,
}
