using DqPlatform.Domain.People;

namespace DqPlatform.Infrastructure.People;

/// <summary>The scopes of a role slug in an organization: a built-in role's, or the organization's custom role's.</summary>
public static class RoleScopes
{
    public static IEnumerable<string> Of(string? role, IReadOnlyDictionary<string, string[]> customRoles) =>
        role is null ? [] : Roles.ScopesOf(role) ?? (customRoles.TryGetValue(role, out var scopes) ? scopes : []);
}
