namespace DqPlatform.Domain.Queries;

/// <summary>Dataset-level audit of one query run (seed 000): which dataset was read, never the SQL.</summary>
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
}
