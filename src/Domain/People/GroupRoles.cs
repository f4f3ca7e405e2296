namespace DqPlatform.Domain.People;

/// <summary>
/// The organization-wide role an identity provider's groups give a user at sign-in: each configured group names a
/// role; of several, the most powerful built-in role wins (a custom role only when no built-in one is mapped, the first
/// configured). No mapped group: no role from claims, so a role once given by groups is taken away.
/// </summary>
public static class GroupRoles
{
    public static string? RoleFor(IEnumerable<string> groups, IReadOnlyDictionary<string, string> mapping)
    {
        var mapped = groups.Where(mapping.ContainsKey).Select(g => mapping[g].Trim().ToLowerInvariant()).Where(r => r.Length > 0).ToList();
        var builtIn = mapped.Where(Roles.IsBuiltIn).MaxBy(r => Roles.BuiltIn.TakeWhile(b => b != r).Count());
        return builtIn ?? mapped.FirstOrDefault();
    }
}
