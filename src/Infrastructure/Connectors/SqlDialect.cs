namespace DqPlatform.Infrastructure.Connectors;

/// <summary>
/// The few places where the supported databases spell the same measurement differently. Identifiers reaching here
/// are already plain names (see <see cref="Domain.Checks.SqlIdentifier"/>) resolved against the source's schema;
/// quoting them is the second wall, not the first.
/// </summary>
public abstract class SqlDialect : Domain.Checks.ISensorDialect
{
    public abstract string Name { get; }

    public abstract string Quote(string identifier);

    /// <summary>SQL for the schema unqualified names resolve to.</summary>
    public abstract string CurrentSchema { get; }

    /// <summary>Characters in a text, of a value of any type.</summary>
    public abstract string Length(string column);

    public abstract string AsText(string column);

    /// <summary>A predicate "column matches the pattern parameter", or null where the database has no regular expressions.</summary>
    public abstract string? RegexMatch(string column, string patternParameter);

    /// <summary>Seconds from a timestamp to now; naive timestamps are read as UTC.</summary>
    public abstract string AgeInSeconds(string timestamp);

    public virtual string Mean(string column) => $"AVG({column})";

    public virtual string Sum(string column) => $"SUM({column})";

    /// <summary>"value is one of these"; PostgreSQL binds one array, the others one parameter per value.</summary>
    public virtual string InList(string value, IReadOnlyList<string> values, Func<object, string> bind) =>
        $"{value} IN ({string.Join(", ", values.Select(bind))})";

    public abstract string ColumnsOfDatabase { get; }

    /// <summary>
    /// The full type of an <c>information_schema.columns</c> row as the database spells it in DDL (<c>numeric(12,2)</c>,
    /// <c>character varying(50)</c>), so schema drift sees a changed precision or length.
    /// </summary>
    protected abstract string FullType { get; }

    protected virtual string IsNullable => "is_nullable = 'YES'";

    /// <summary>One table's columns (name, full type, nullable) in order; parameters: schema then table, or table alone.</summary>
    public string ColumnsOfTable(bool withSchema) => $$"""
        SELECT column_name, {{FullType}}, {{IsNullable}}
        FROM information_schema.columns
        WHERE table_schema = {{(withSchema ? ParameterMarker(0) : CurrentSchema)}} AND table_name = {{ParameterMarker(withSchema ? 1 : 0)}}
        ORDER BY ordinal_position
        """;

    public virtual string LimitRows(string select, int limit) =>
        select + " LIMIT " + limit.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string Table(string? schema, string table) => schema is null ? Quote(table) : $"{Quote(schema)}.{Quote(table)}";

    /// <summary>The driver's marker for the 0-based parameter <paramref name="index"/> in user SQL, and its parameter name.</summary>
    public virtual string ParameterMarker(int index) => "@p" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public virtual string ParameterName(int index) => ParameterMarker(index);

    /// <summary>How this database's lexer reads SQL text (quotes, comments), for placeholders in user SQL.</summary>
    public abstract Domain.Sql.SqlReading Reading { get; }
}

public sealed class PostgresDialect : SqlDialect
{
    public static readonly PostgresDialect Instance = new();

    public override string Name => "PostgreSQL";

    public override string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public override string CurrentSchema => "current_schema()";

    public override Domain.Sql.SqlReading Reading => Domain.Sql.SqlReading.Standard;

    // Positional markers with unnamed parameters: Npgsql sends the text as written (no rewriting of '@' or ';').
    public override string ParameterMarker(int index) => "$" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override string ParameterName(int index) => "";

    public override string Length(string column) => $"LENGTH(CAST({column} AS text))";

    public override string AsText(string column) => $"CAST({column} AS text)";

    public override string RegexMatch(string column, string patternParameter) => $"CAST({column} AS text) ~ {patternParameter}";

    public override string AgeInSeconds(string timestamp) =>
        $"EXTRACT(EPOCH FROM (CURRENT_TIMESTAMP - CAST({timestamp} AS timestamptz)))";

    public override string InList(string value, IReadOnlyList<string> values, Func<object, string> bind) =>
        $"{value} = ANY({bind(values.ToArray())})";

    protected override string FullType => """
        CASE WHEN data_type IN ('character varying', 'character', 'bit', 'bit varying') AND character_maximum_length IS NOT NULL
                  THEN data_type || '(' || character_maximum_length || ')'
             WHEN data_type = 'numeric' AND numeric_precision IS NOT NULL THEN 'numeric(' || numeric_precision || ',' || numeric_scale || ')'
             WHEN data_type = 'USER-DEFINED' THEN udt_name
             WHEN data_type = 'ARRAY' THEN substr(udt_name, 2) || '[]'
             ELSE data_type END
        """;

    public override string ColumnsOfDatabase => $"""
        SELECT table_schema, table_name, column_name, {FullType}, is_nullable = 'YES'
        FROM information_schema.columns
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_schema NOT LIKE 'pg\_toast%'
        ORDER BY table_schema, table_name, ordinal_position
        """;
}

public sealed class MySqlDialect : SqlDialect
{
    // Positional markers: user SQL is prepared on the server (MySqlSourceConnector.SealAsync), where '?' binds.
    public override string ParameterMarker(int index) => "?";

    public override string ParameterName(int index) => "";

    public static readonly MySqlDialect Instance = new();

    public override string Name => "MySQL/MariaDB";

    public override string Quote(string identifier) => "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`";

    public override string CurrentSchema => "DATABASE()";

    public override Domain.Sql.SqlReading Reading => Domain.Sql.SqlReading.MySql;

    public override string Length(string column) => $"CHAR_LENGTH({column})";

    // Binary collation: the default collations compare case-insensitively, and 'PAID' is not an accepted 'paid'.
    public override string AsText(string column) => $"CAST({column} AS CHAR) COLLATE utf8mb4_bin";

    public override string RegexMatch(string column, string patternParameter) => $"{AsText(column)} REGEXP {patternParameter}";

    public override string AgeInSeconds(string timestamp) => $"TIMESTAMPDIFF(SECOND, {timestamp}, UTC_TIMESTAMP())";

    protected override string FullType => "column_type";

    public override string ColumnsOfDatabase => """
        SELECT table_schema, table_name, column_name, column_type, is_nullable = 'YES'
        FROM information_schema.columns
        WHERE table_schema = DATABASE()
        ORDER BY table_schema, table_name, ordinal_position
        """;
}

public sealed class SqlServerDialect : SqlDialect
{
    public static readonly SqlServerDialect Instance = new();

    public override string Name => "SQL Server";

    public override string Quote(string identifier) => "[" + identifier.Replace("]", "]]", StringComparison.Ordinal) + "]";

    public override string CurrentSchema => "SCHEMA_NAME()";

    public override Domain.Sql.SqlReading Reading => Domain.Sql.SqlReading.SqlServer;

    public override string Length(string column) => $"LEN(CAST({column} AS nvarchar(max)))";

    public override string AsText(string column) => $"CAST({column} AS nvarchar(4000))";

    // SQL Server before 2025 has no regular expressions; checks of that type answer a clear error.
    public override string? RegexMatch(string column, string patternParameter) => null;

    public override string AgeInSeconds(string timestamp) => $"DATEDIFF_BIG(SECOND, {timestamp}, SYSUTCDATETIME())";

    // Integer AVG and SUM would truncate or overflow in SQL Server.
    public override string Mean(string column) => $"AVG(CAST({column} AS float))";

    public override string Sum(string column) => $"SUM(CAST({column} AS decimal(38, 6)))";

    public override string LimitRows(string select, int limit) =>
        $"SELECT TOP ({limit.ToString(System.Globalization.CultureInfo.InvariantCulture)}) " + select["SELECT ".Length..];

    protected override string FullType => """
        CASE WHEN CHARACTER_MAXIMUM_LENGTH = -1 THEN DATA_TYPE + '(max)'
             WHEN CHARACTER_MAXIMUM_LENGTH IS NOT NULL THEN DATA_TYPE + '(' + CAST(CHARACTER_MAXIMUM_LENGTH AS varchar(12)) + ')'
             WHEN DATA_TYPE IN ('decimal', 'numeric') THEN DATA_TYPE + '(' + CAST(NUMERIC_PRECISION AS varchar(4)) + ',' + CAST(NUMERIC_SCALE AS varchar(4)) + ')'
             ELSE DATA_TYPE END
        """;

    protected override string IsNullable => "CASE WHEN IS_NULLABLE = 'YES' THEN 1 ELSE 0 END";

    public override string ColumnsOfDatabase => $"""
        SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, {FullType}, CASE WHEN IS_NULLABLE = 'YES' THEN 1 ELSE 0 END
        FROM INFORMATION_SCHEMA.COLUMNS
        ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION
        """;
}
