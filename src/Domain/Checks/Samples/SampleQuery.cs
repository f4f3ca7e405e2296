namespace DqPlatform.Domain.Checks.Samples;

/// <summary>
/// The statement that reads a failing check's sample rows: built like its sensor (quoted names, bound values) and run in
/// the sensor's read-only transaction, only when the rule failed. Null when the check type samples no rows or the
/// config turned sampling off.
/// </summary>
public static class SampleQuery
{
    /// <summary>Alias of the tenant's query when its rows are the sample.</summary>
    public const string RowsAlias = "dqp_rows";

    public static SensorQuery? For(CheckType type, CheckConfig config, ISensorDialect dialect, string? schema, string table, string? column)
    {
        var settings = SampleSettings.Of(config);
        if (!type.SamplesFailedRows || !settings.Enabled)
        {
            return null;
        }

        var builder = new SensorBuilder(dialect, schema, table, column);
        var rows = type.FailedRows(builder, config);
        if (rows is null)
        {
            return null;
        }

        if (rows.Query is { } query)
        {
            // The tenant's own columns, unless the config names which of them to keep.
            var own = settings.KeyColumns.Count > 0 || settings.Columns.Count > 0
                ? string.Join(", ", settings.ColumnsFor(null).Select(c => $"{RowsAlias}.{dialect.Quote(c)}"))
                : "*";
            return new SensorQuery(dialect.LimitRows($"SELECT {own} FROM ({query}) {RowsAlias}", settings.Limit), builder.Parameters, UserSql: true);
        }

        var columns = string.Join(", ", settings.ColumnsFor(column).Select(dialect.Quote));
        return new SensorQuery(dialect.LimitRows($"SELECT {columns} FROM {builder.From} WHERE {rows.Predicate}", settings.Limit), builder.Parameters);
    }
}
