using DqPlatform.Domain.People;

namespace DqPlatform.Domain.Checks.Samples;

/// <summary>
/// Samples are table data, so they follow the datasets' read roles like the query service does (<see cref="DatasetAccess"/>):
/// a caller who may not read the check's table — a registered dataset of the check's connection with that table (and
/// schema, when the check names one) — may not see its samples. A check running its own SQL may read any table of
/// its connection, so there every dataset of the connection the caller may not read refuses its samples, as the query
/// service refuses a statement whose tables it cannot know. The field then answers DATASET_FORBIDDEN; the rest of the
/// result (value, verdict) stays visible, as it was before samples existed.
/// </summary>
public static class SampleAccess
{
    /// <summary>The datasets that keep <paramref name="reader"/> from the samples of <paramref name="check"/>; none means allowed.</summary>
    public static IReadOnlyList<Dataset> Refused(DatasetReader reader, CheckDefinition check, IEnumerable<Dataset> datasetsOfConnection)
    {
        var runsOwnSql = CheckCatalog.Find(check.CheckType)?.RunsUserSql ?? true;
        var covering = datasetsOfConnection.Where(d => d.ConnectionId == check.ConnectionId && (runsOwnSql || Covers(d, check)));
        return DatasetAccess.Refused(reader, covering, read: null);
    }

    // Names compare without case: the conservative reading when the database folds them.
    private static bool Covers(Dataset dataset, CheckDefinition check) =>
        string.Equals(dataset.TableName, check.TargetTable, StringComparison.OrdinalIgnoreCase)
        && (check.TargetSchema is null || string.Equals(dataset.SchemaName, check.TargetSchema, StringComparison.OrdinalIgnoreCase));
}
