using DqPlatform.Domain.Connections;

namespace DqPlatform.Domain.Checks;

/// <summary>A data-quality check on a table or column of a connection's database.</summary>
public class CheckDefinition
{
    public Guid Id { get; set; }
    public Guid ConnectionId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }

    public required string CheckType { get; set; }
    public CheckTargetType TargetType { get; set; }
    public string? TargetSchema { get; set; }
    public required string TargetTable { get; set; }
    public string? TargetColumn { get; set; }

    /// <summary>Check-type specific parameters as a JSON object.</summary>
    public string Config { get; set; } = "{}";
    public CheckSeverity Severity { get; set; } = CheckSeverity.Error;
    public bool Enabled { get; set; } = true;

    public string[] Tags { get; set; } = [];
    public string? DataProductId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// Addition to seed 002: a pointer to the newest result, maintained by the database when a result is stored,
    /// so "checks with their latest result" is a primary-key lookup instead of a scan of every partition.
    /// </summary>
    public long? LatestResultId { get; set; }
    public DateTimeOffset? LatestResultAt { get; set; }

    /// <summary>
    /// The result <see cref="LatestResultId"/> points to, when it was read together with the check (list pages do).
    /// Not a relationship in the database: results are retained by dropping partitions, which a foreign key would
    /// block.
    /// </summary>
    public CheckResult? LatestResult { get; set; }

    public Connection? Connection { get; set; }
}
