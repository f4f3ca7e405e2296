namespace DqPlatform.Domain.Connections;

/// <summary>
/// One reading of a connection's tables and columns, kept as history (<see cref="SchemaSnapshot"/> is only the latest,
/// a cache). A row is added only when the content differs from the connection's newest row (by
/// <see cref="ContentHash"/>), and only the newest rows are kept (<c>SchemaHistoryStore</c>); schema drift checks
/// compare a table with the row that was newest at their previous run.
/// </summary>
public class SchemaSnapshotHistory
{
    public long Id { get; set; }
    public Guid ConnectionId { get; set; }
    public DateTimeOffset ReadAt { get; set; }

    /// <summary>SHA-256 (hex) of <see cref="Tables"/> in its canonical form: tables by schema and name, columns in order.</summary>
    public required string ContentHash { get; set; }

    /// <summary>JSON array of tables: {schema, name, columns: [{name, dataType, isNullable}]}.</summary>
    public string Tables { get; set; } = "[]";

    public Connection? Connection { get; set; }
}
