namespace DqPlatform.Infrastructure.Connectors;

/// <summary>Tables and columns of a source database as its information schema reports them.</summary>
public sealed record SourceSchema(IReadOnlyList<SourceTable> Tables, DateTimeOffset ReadAt);

public sealed record SourceTable(string Schema, string Name, IReadOnlyList<SourceColumn> Columns)
{
    public SourceColumn? Column(string name) => Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}

public sealed record SourceColumn(string Name, string DataType, bool IsNullable);
