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

    /// <summary>No roles at all: what a run without a captured reader gets, so nothing restricted is read by default.</summary>
    public static readonly DatasetReader None = new([], false);
}
