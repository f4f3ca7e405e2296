using DqPlatform.Domain.Tenancy;

namespace DqPlatform.Domain.People;

/// <summary>
/// A user's personal key acts as that user and never beyond them: its scopes are what the key grants and the user
/// holds now in the key's workspace (grants expanded on both sides, so a <c>write</c> key of an Operator keeps triage,
/// and an <c>org:admin</c> key of an Admin acts as an Admin). The user's roles come along for dataset read roles.
/// </summary>
public static class PersonalKeys
{
    public static Caller Bound(Caller key, Caller user)
    {
        var scopes = ApiKeyScopes.All.Where(s => key.Has(s) && user.Has(s)).ToHashSet(StringComparer.Ordinal);
        return key with
        {
            OrganizationId = user.OrganizationId,
            Scopes = scopes,
            UserId = user.UserId,
            PrincipalId = user.PrincipalId,
            Roles = user.Roles,
        };
    }
}
