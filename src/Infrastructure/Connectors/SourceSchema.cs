namespace DqPlatform.Infrastructure.Connectors;

/// <summary>Tables and columns of a source database as its information schema reports them.</summary>
public sealed record SourceSchema(IReadOnlyList<SourceTable> Tables, DateTimeOffset ReadAt)
{
    public SourceTable? Find(string? schema, string table, string defaultSchema) =>
        Tables.FirstOrDefault(t => string.Equals(t.Schema, schema ?? defaultSchema, StringComparison.OrdinalIgnoreCase)
            && string.Equals(t.Name, table, StringComparison.OrdinalIgnoreCase));
}

public sealed record SourceTable(string Schema, string Name, IReadOnlyList<SourceColumn> Columns)
{
    public SourceColumn? Column(string name) => Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}

public sealed record SourceColumn(string Name, string DataType, bool IsNullable);
