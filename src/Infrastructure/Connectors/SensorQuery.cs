using System.Text.Json;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;

namespace DqPlatform.Infrastructure.Connectors;

/// <summary>The SQL a sensor runs and the values bound to it. Config values only ever travel as parameters.</summary>
public sealed record SensorQuery(string Sql, IReadOnlyList<KeyValuePair<string, object>> Parameters, bool UserSql = false)
{
    /// <summary>
    /// Builds the sensor for a check whose target was resolved against the source schema: <paramref name="schema"/>,
    /// <paramref name="table"/> and <paramref name="column"/> are the names as the database spells them.
    /// </summary>
    public static SensorQuery For(string checkType, string configJson, SqlDialect dialect, string? schema, string table, string? column)
    {
        using var document = JsonDocument.Parse(configJson);
        var config = document.RootElement;
        var from = dialect.Table(schema, table);
        var c = column is null ? "" : dialect.Quote(column);
        var parameters = new List<KeyValuePair<string, object>>();
        string Bind(object value)
        {
            var name = "@p" + parameters.Count;
            parameters.Add(new(name, value));
            return name;
        }

        string ColumnsWhere(bool withColumn)
        {
            var where = schema is null ? $"table_schema = {dialect.CurrentSchema}" : $"table_schema = {Bind(schema)}";
            where += $" AND table_name = {Bind(table)}";
            return withColumn ? where + $" AND column_name = {Bind(column!)}" : where;
        }

        var sql = checkType switch
        {
            "row_count" or "anomaly" => $"SELECT COUNT(*) FROM {from}",
            "null_count" => $"SELECT COUNT(*) - COUNT({c}) FROM {from}",
            "null_percent" => $"SELECT COALESCE(100.0 * (COUNT(*) - COUNT({c})) / NULLIF(COUNT(*), 0), 0) FROM {from}",
            "distinct_count" => $"SELECT COUNT(DISTINCT {c}) FROM {from}",
            "duplicate_count" => $"SELECT COUNT({c}) - COUNT(DISTINCT {c}) FROM {from}",
            "duplicate_percent" => $"SELECT COALESCE(100.0 * (COUNT({c}) - COUNT(DISTINCT {c})) / NULLIF(COUNT({c}), 0), 0) FROM {from}",
            "min_value" => $"SELECT MIN({c}) FROM {from}",
            "max_value" => $"SELECT MAX({c}) FROM {from}",
            "mean_value" => $"SELECT {dialect.Mean(c)} FROM {from}",
            "sum_value" => $"SELECT {dialect.Sum(c)} FROM {from}",
            "text_length" => $"SELECT MAX({dialect.Length(c)}), MIN({dialect.Length(c)}) FROM {from}",
            "regex_match_percent" => Percent(c, from, dialect.RegexMatch(c, Bind(config.GetProperty("pattern").GetString()!))
                ?? throw new ValidationException($"'regex_match_percent' is not available on {dialect.Name}.", "checkType")),
            "accepted_values_percent" => Percent(c, from, AcceptedValues(dialect, c, config, Bind)),
            "freshness" => $"SELECT {dialect.AgeInSeconds($"MAX({c})")} FROM {from}",
            "column_exists" => $"SELECT COUNT(*) FROM information_schema.columns WHERE {ColumnsWhere(withColumn: true)}",
            "column_count" => $"SELECT COUNT(*) FROM information_schema.columns WHERE {ColumnsWhere(withColumn: false)}",
            "custom_sql" => ReadOnlySql.Require(config.GetProperty("sql").GetString()!, "config.sql"),
            _ => throw new ValidationException($"Unknown check type '{checkType}'.", "checkType"),
        };
        return new SensorQuery(sql, parameters, UserSql: checkType == "custom_sql");
    }

    // Share of non-NULL values meeting the predicate; an empty column has nothing that breaks the rule.
    private static string Percent(string column, string from, string predicate) =>
        $"SELECT COALESCE(100.0 * SUM(CASE WHEN {predicate} THEN 1 ELSE 0 END) / NULLIF(COUNT({column}), 0), 100) FROM {from} WHERE {column} IS NOT NULL";

    private static string AcceptedValues(SqlDialect dialect, string column, JsonElement config, Func<object, string> bind) =>
        dialect.InList(dialect.AsText(column), config.GetProperty("values").EnumerateArray().Select(v => v.GetString()!).ToArray(), bind);
}
