namespace DqPlatform.Domain.Tenancy;

/// <summary>Who is calling: an authenticated API key, its workspace and organization, and what it may do.</summary>
public sealed record Caller(Guid ApiKeyId, Guid WorkspaceId, Guid OrganizationId, IReadOnlySet<string> Scopes)
{
    /// <summary>Who the calling key acts for; survives rotation (see <see cref="ApiKey.PrincipalId"/>).</summary>
    public Guid PrincipalId { get; init; }

    /// <summary>When the calling key expires (null: never).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    public bool Has(string scope) => Scopes.Contains(scope) || Scopes.Contains(ApiKeyScopes.OrganizationAdmin);

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

    /// <summary>A key this caller mints lives no longer than the caller's own key: an expiry later than it is capped.</summary>
    public DateTimeOffset? CapExpiry(DateTimeOffset? requested) =>
        ExpiresAt is not { } own ? requested : requested is { } r && r < own ? r : own;
}
