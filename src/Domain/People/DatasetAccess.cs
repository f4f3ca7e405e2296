using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.People;

/// <summary>
/// Who may read a registered dataset. A dataset with no read roles is open to every caller that may run queries; one
/// with read roles only to a caller holding one of them — a built-in role listed admits every built-in role above it
/// too (viewer &lt; operator &lt; editor &lt; admin &lt; owner), a custom role only itself — or holding <c>org:admin</c> (the Owner role, an organization
/// admin key): they administer the organization's roles and could grant themselves any of them anyway. A
/// service-account key has no roles, so it reads restricted datasets only with <c>org:admin</c>.
/// </summary>
/// <remarks>
/// Enforced by the query service before a statement runs (<c>QueryRuns</c>, from the tables the source's plan names);
/// checks are not user queries and are not subject to it.
/// </remarks>
public static class DatasetAccess
{
    public static bool MayRead(DatasetReader reader, IReadOnlyCollection<string> readRoles) =>
        readRoles.Count == 0 || reader.ReadsAll || readRoles.Any(r => reader.Roles.Contains(r) || Holds(reader, Rank(r)));

    // Whether the reader holds a built-in role at or above the given rank (none for a custom role's -1).
    private static bool Holds(DatasetReader reader, int rank) => rank >= 0 && reader.Roles.Any(h => Rank(h) >= rank);

    // A built-in role's place in the hierarchy (Roles.BuiltIn is least privilege first); -1 for a custom role.
    private static int Rank(string role)
    {
        for (var i = 0; i < Roles.BuiltIn.Count; i++)
        {
            if (Roles.BuiltIn[i] == role)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Of the <paramref name="registered"/> datasets of a connection, those a statement may not read: the ones among
    /// <paramref name="read"/> (the datasets it reads, by id) that <paramref name="reader"/> may not read; when what it
    /// reads is unknown before it runs (null), every one <paramref name="reader"/> may not read, conservatively.
    /// </summary>
    public static IReadOnlyList<Dataset> Refused(DatasetReader reader, IEnumerable<Dataset> registered, IReadOnlyCollection<Guid>? read) =>
        registered.Where(d => !MayRead(reader, d.ReadRoles) && (read is null || read.Contains(d.Id))).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();

    /// <summary>
    /// Read roles as given: trimmed, distinct, each a built-in role or one of <paramref name="customRoles"/> (the
    /// organization's own), else VALIDATION naming it.
    /// </summary>
    public static string[] RequireRoles(IEnumerable<string> given, IReadOnlyCollection<string> customRoles)
    {
        var roles = given.Select(r => r.Trim()).Distinct(StringComparer.Ordinal).ToArray();
        if (roles.FirstOrDefault(r => !Roles.IsBuiltIn(r) && !customRoles.Contains(r)) is { } unknown)
        {
            throw new ValidationException(
                $"'{unknown}' is not a role of this organization: use a built-in role ({string.Join(", ", Roles.BuiltIn)}) or a custom role's slug.", "readRoles");
        }

        return roles;
    }
}
