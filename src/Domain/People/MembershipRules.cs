using DqPlatform.Domain.Common;
using DqPlatform.Domain.Tenancy;

namespace DqPlatform.Domain.People;

/// <summary>
/// Who may give whom which role. A role must exist (built in, or the organization's custom role); Owner is held
/// organization-wide, never in one workspace; a caller gives, changes or takes away only roles no more powerful than
/// their own (every scope of the role, as for keys); an organization always keeps an Owner. The membership store applies
/// the last rule under a lock of the organization's row, so two owners demoting each other at once leave one.
/// </summary>
public static class MembershipRules
{
    /// <summary>The scopes of <paramref name="role"/>; VALIDATION on <paramref name="field"/> for a role the organization does not have.</summary>
    public static IReadOnlyList<string> ScopesOf(string? role, IReadOnlyDictionary<string, string[]> customRoles, string field = "role") =>
        role is null ? throw new ValidationException($"'{field}' must name a role.", field)
        : Roles.ScopesOf(role) ?? (customRoles.TryGetValue(role, out var scopes) ? scopes
            : throw new ValidationException($"No role '{role}' exists: use a built-in one ({string.Join(", ", Roles.BuiltIn)}) or one of the organization's.", field));

    /// <summary>The scopes a held role gives now: none for a custom role that no longer exists.</summary>
    public static IReadOnlyList<string> HeldScopes(string? role, IReadOnlyDictionary<string, string[]> customRoles) =>
        role is null ? [] : Roles.ScopesOf(role) ?? (customRoles.TryGetValue(role, out var scopes) ? scopes : []);

    /// <summary>A role given in a workspace: it exists, is not Owner, and the granter holds all of it.</summary>
    public static void RequireWorkspaceGrant(Caller granter, string? role, IReadOnlyDictionary<string, string[]> customRoles)
    {
        var scopes = ScopesOf(role, customRoles);
        if (role == Roles.Owner)
        {
            throw new ValidationException("Owner is an organization role, not a workspace role: use setOrganizationRole.", "role");
        }

        RequireAuthority(granter, scopes);
        RequireHeld(granter, role!);
    }

    /// <summary>
    /// A custom role is given only by someone who holds it, or an organization admin: datasets are read by role slug
    /// (<see cref="DatasetAccess"/>), so holding its scopes is not enough; a granter could otherwise give a second
    /// identity a role to read datasets restricted to it.
    /// </summary>
    public static void RequireHeld(Caller granter, string role)
    {
        if (Roles.ScopesOf(role) is null && !granter.Has(ApiKeyScopes.OrganizationAdmin) && !granter.Roles.Contains(role))
        {
            throw new RoleNotHeldException(role);
        }
    }

    /// <summary>The caller holds every scope of a role they give or act on.</summary>
    public static void RequireAuthority(Caller granter, IEnumerable<string> roleScopes)
    {
        if (roleScopes.FirstOrDefault(s => !granter.Has(s)) is { } missing)
        {
            throw new RoleAuthorityException(missing);
        }
    }

    /// <summary>After a demotion or removal the organization must still have an Owner.</summary>
    public static void RequireOwnerLeft(int ownersAfter)
    {
        if (ownersAfter < 1)
        {
            throw new ConflictException("This is the organization's last owner: make someone else owner first.");
        }
    }
}
