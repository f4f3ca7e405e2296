namespace DqPlatform.Domain.Queries;

/// <summary>
/// One run of a query (seed 001). Holds a SHA-256 of the SQL, never the SQL itself.
/// Additions: <see cref="WorkspaceId"/> and <see cref="ConnectionId"/> (soft references).
/// </summary>
public class QueryResult
{
    public Guid Id { get; set; }
    public Guid OrgId { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid? ConnectionId { get; set; }

    /// <summary>Who ran it (<c>Caller.Actor</c>): the user, also with a personal key; otherwise the service key.</summary>
    public Guid? UserId { get; set; }
    public required string Mode { get; set; }
    public required string Status { get; set; }
    public required string SqlHash { get; set; }
    public Guid? SavedQueryId { get; set; }
    public Guid? TaskId { get; set; }
    public string? OutputFormat { get; set; }
    public string? OutputLocation { get; set; }
    public long? RowCount { get; set; }
    public long? Bytes { get; set; }
    public int? DurationMs { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public DateTimeOffset? CreatedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }

    public SavedQuery? SavedQuery { get; set; }
}
