namespace DqPlatform.Domain.Checks;

/// <summary>The pieces a check type writes its sensor SQL with: the quoted target and parameters bound by name.</summary>
public sealed class SensorBuilder(ISensorDialect dialect, string? schema, string table, string? column)
{
    private readonly List<KeyValuePair<string, object>> _parameters = [];

    public ISensorDialect Dialect => dialect;

    /// <summary>The target table, always qualified when the schema is known.</summary>
    public string From { get; } = dialect.Table(schema, table);

    /// <summary>The quoted target column ("" for table checks).</summary>
    public string Column { get; } = column is null ? "" : dialect.Quote(column);

    public IReadOnlyList<KeyValuePair<string, object>> Parameters => _parameters;

    /// <summary>Binds a value and answers its placeholder.</summary>
    public string Bind(object value)
    {
        var name = "@p" + _parameters.Count;
        _parameters.Add(new(name, value));
        return name;
    }

    /// <summary>The <c>information_schema.columns</c> predicate for the target table (and column).</summary>
    public string ColumnsWhere(bool withColumn)
    {
        var where = schema is null ? $"table_schema = {dialect.CurrentSchema}" : $"table_schema = {Bind(schema)}";
        where += $" AND table_name = {Bind(table)}";
        return withColumn ? where + $" AND column_name = {Bind(column!)}" : where;
    }

    /// <summary>Share of non-NULL values meeting the predicate; an empty column has nothing that breaks the rule.</summary>
    public string PercentOfValues(string predicate) =>
        $"SELECT COALESCE(100.0 * SUM(CASE WHEN {predicate} THEN 1 ELSE 0 END) / NULLIF(COUNT({Column}), 0), 100) FROM {From} WHERE {Column} IS NOT NULL";
}
