namespace DqPlatform.Domain.Connections;

/// <summary>
/// The tables and columns last read from a connection's database (seed 004's schema cache), kept in a table of its
/// own so that listing connections never drags the JSON along. Every API node shares it; it expires by age.
/// </summary>
public class SchemaSnapshot
{
    public Guid ConnectionId { get; set; }

    /// <summary>JSON array of tables: {schema, name, columns: [{name, dataType, isNullable}]}.</summary>
    public string Tables { get; set; } = "[]";
    public DateTimeOffset ReadAt { get; set; }

    public Connection? Connection { get; set; }
}
