using System.Text.Json;
using System.Text.RegularExpressions;

namespace DqPlatform.Infrastructure.Connectors;

/// <summary>
/// Reads the tables and columns a statement touches from PostgreSQL's own plan (<c>EXPLAIN (VERBOSE, FORMAT JSON)</c>),
/// so views, CTEs and subqueries are seen through exactly as the database resolves them. A scan node names its table
/// and alias; columns are the <c>alias.column</c> references in any node's output, filters and conditions.
/// </summary>
public static partial class PostgresPlans
{
    public static IReadOnlyList<DatasetRead> DatasetsOf(string planJson)
    {
        using var document = JsonDocument.Parse(planJson);
        var scans = new List<(string Schema, string Table, string Alias)>();
        var expressions = new List<string>();
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            Walk(entry.GetProperty("Plan"), scans, expressions);
        }

        return scans
            .GroupBy(s => (s.Schema, s.Table))
            .Select(g => new DatasetRead(g.Key.Schema, g.Key.Table, ColumnsOf(g.Select(s => s.Alias).Distinct().ToList(), expressions)))
            .ToList();
    }

    private static void Walk(JsonElement node, List<(string, string, string)> scans, List<string> expressions)
    {
        if (node.TryGetProperty("Relation Name", out var relation))
        {
            scans.Add((node.GetProperty("Schema").GetString()!, relation.GetString()!, node.GetProperty("Alias").GetString()!));
        }

        foreach (var property in node.EnumerateObject())
        {
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.String:
                    expressions.Add(property.Value.GetString()!);
                    break;
                case JsonValueKind.Array when property.Name == "Plans":
                    foreach (var child in property.Value.EnumerateArray())
                    {
                        Walk(child, scans, expressions);
                    }

                    break;
                case JsonValueKind.Array:
                    expressions.AddRange(property.Value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!));
                    break;
            }
        }
    }

    // Null when a whole-row reference (alias.*) hides which columns are read.
    private static IReadOnlyList<string>? ColumnsOf(IReadOnlyList<string> aliases, List<string> expressions)
    {
        var columns = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var alias in aliases)
        {
            var quoted = SimpleName().IsMatch(alias) ? Regex.Escape(alias) : Regex.Escape("\"" + alias.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"");
            var reference = new Regex($@"(?<![\w""$.]){quoted}\.(\*|""(?:[^""]|"""")+""|[a-z_][a-z0-9_$]*)", RegexOptions.CultureInvariant);
            foreach (var expression in expressions)
            {
                foreach (Match m in reference.Matches(expression))
                {
                    var column = m.Groups[1].Value;
                    if (column == "*")
                    {
                        return null;
                    }

                    columns.Add(column.StartsWith('"') ? column[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : column);
                }
            }
        }

        return columns.ToList();
    }

    [GeneratedRegex("^[a-z_][a-z0-9_$]*$")]
    private static partial Regex SimpleName();
}
