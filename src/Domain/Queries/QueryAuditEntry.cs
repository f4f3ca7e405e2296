namespace DqPlatform.Domain.Queries;

/// <summary>Dataset-level audit of one query run (seed 000): which dataset was read (or refused), never the SQL.</summary>
public class QueryAuditEntry
{
    public long Id { get; set; }
    public Guid OrgId { get; set; }
    public Guid TaskId { get; set; }
    public Guid DatasetId { get; set; }
    public DateTimeOffset QueryTime { get; set; }
    public string? ColumnsAccessed { get; set; }
    public long ResultRowCount { get; set; }

    /// <summary>Addition: the run (<c>query_results.id</c>) this row audits, so a result links to its audit rows.</summary>
    public Guid? QueryResultId { get; set; }

    /// <summary>
    /// Addition: the run was refused before it ran because the caller's roles may not read this dataset
    /// (<c>DATASET_FORBIDDEN</c>); nothing was read and <see cref="ResultRowCount"/> is 0.
    /// </summary>
    public bool Refused { get; set; }
}
