using DqPlatform.Domain.Common;
using DqPlatform.Domain.Tenancy;

namespace DqPlatform.Domain.People;

/// <summary>
/// Who may read a registered dataset. A dataset with no read roles is open to every caller that may run queries; one
/// with read roles only to a caller holding one of them, or holding <c>org:admin</c> (the Owner role, an organization
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
        readRoles.Count == 0 || reader.ReadsAll || readRoles.Any(reader.Roles.Contains);

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

/// <summary>A statement would read a dataset the caller's roles may not read; it was refused before it ran.</summary>
public sealed class DatasetForbiddenException(string message, IReadOnlyList<Guid>? datasetIds = null) : DomainException("DATASET_FORBIDDEN", message)
{
    /// <summary>The refused datasets, for the query audit.</summary>
    public IReadOnlyList<Guid> DatasetIds { get; } = datasetIds ?? [];

    public static DatasetForbiddenException For(IReadOnlyList<Dataset> datasets, bool attributed) => new(attributed
        ? $"The query reads {Names(datasets)}, which your roles may not read; it was not run."
        : $"This source cannot say which tables a statement reads before it runs, and the connection has {Names(datasets)}, which your roles may not read; the query was not run.", [.. datasets.Select(d => d.Id)]);

    public static DatasetForbiddenException ToChange(Dataset dataset) =>
        new($"Your roles may not read {Names([dataset])}, so you may not change or remove it.");

    private static string Names(IReadOnlyList<Dataset> datasets) =>
        (datasets.Count == 1 ? "dataset " : "datasets ") + string.Join(", ", datasets.Select(d => $"'{d.Name}' ({d.SchemaName}.{d.TableName})"));
}
