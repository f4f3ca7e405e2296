using DqPlatform.Domain.Common;
using DqPlatform.Domain.Tenancy;

namespace DqPlatform.Domain.People;

/// <summary>
/// An organization's own role (seed 003 <c>ORG_ROLES</c>): a named set of the existing scopes. Its slug never takes a
/// built-in role's (a membership names roles by slug), and a role still held by anyone cannot be deleted (CONFLICT:
/// nobody loses access as a side effect; give the members another role first).
/// </summary>
public class CustomRole
{
    public const int SlugMaxLength = 64;

    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string[] Scopes { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public static CustomRole Define(Guid organizationId, string? slug, string? name, string[] scopes)
    {
        var valid = Slugs.Require(slug, "slug", SlugMaxLength);
        if (Roles.IsBuiltIn(valid))
        {
            throw new ValidationException($"'{valid}' is a built-in role; choose another slug.", "slug");
        }

        return new CustomRole { OrganizationId = organizationId, Slug = valid, Name = Names.Require(name), Scopes = RequireScopes(scopes) };
    }

    /// <summary>Null keeps a value.</summary>
    public void Update(string? name, string[]? scopes, DateTimeOffset now)
    {
        Name = name is null ? Name : Names.Require(name);
        Scopes = scopes is null ? Scopes : RequireScopes(scopes);
        UpdatedAt = now;
    }

    public static void RequireUnused(bool held)
    {
        if (held)
        {
            throw new ConflictException("The role is still held by members; give them another role first.");
        }
    }

    private static string[] RequireScopes(string[] scopes) =>
        scopes.Length == 0 || scopes.Any(s => !ApiKeyScopes.All.Contains(s))
            ? throw new ValidationException($"'scopes' must name at least one of: {string.Join(", ", ApiKeyScopes.All)}.", "scopes")
            : scopes.Distinct(StringComparer.Ordinal).ToArray();
}
