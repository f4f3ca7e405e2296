using DqPlatform.Domain.Queries;

namespace DqPlatform.Domain.People;

/// <summary>
/// A table of a connection registered as a dataset (seed 003 <c>DATASETS</c>), with the roles that may read it. Its id is
/// <see cref="DatasetIds.For"/> of connection, schema and table, the id the query audit already records.
/// An empty <see cref="ReadRoles"/> leaves the table readable by every role that may run queries.
/// </summary>
public class Dataset
{
    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid ConnectionId { get; set; }
    public required string SchemaName { get; set; }
    public required string TableName { get; set; }
    public required string Name { get; set; }
    public string[] ReadRoles { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
