using DqPlatform.Domain.Tenancy;

namespace DqPlatform.Domain.People;

/// <summary>
/// What dataset access a query run carries: the caller's role slugs, and whether it reads everything. Captured when a
/// run is submitted, so a batch run is judged by its submitter's roles, not by the worker's.
/// </summary>
public sealed record DatasetReader(string[] Roles, bool ReadsAll)
{
    public static DatasetReader Of(Caller caller) =>
        new([.. caller.Roles.Order(StringComparer.Ordinal)], caller.Has(ApiKeyScopes.OrganizationAdmin));

    /// <summary>
    /// What both this and <paramref name="now"/> allow: a batch run starts with its submitter's current access, never
    /// more than it was submitted with (a personal key may have carried less than its user's roles).
    /// </summary>
    public DatasetReader Narrowed(DatasetReader now) =>
        new([.. Roles.Intersect(now.Roles, StringComparer.Ordinal).Order(StringComparer.Ordinal)], ReadsAll && now.ReadsAll);

    /// <summary>No roles at all: what a run without a captured reader gets, so nothing restricted is read by default.</summary>
    public static readonly DatasetReader None = new([], false);
}
