using System.Text.Json;
using System.Text.RegularExpressions;

namespace DqPlatform.Infrastructure.Connectors;

/// <summary>
/// Reads the tables and columns a statement touches from PostgreSQL's own plan (<c>EXPLAIN (VERBOSE, FORMAT JSON)</c>),
/// so views, CTEs and subqueries are seen through exactly as the database resolves them. A scan node names its table
/// and alias; columns are the references in the plan's outputs, filters, conditions and keys.
/// </summary>
/// <remarks>
/// Two quirks of the plan shape the reading: a scan below another node may output the whole row (a "physical target
/// list") though its parent needs less, so only a root scan's output counts; and when the statement reads a single
/// table, PostgreSQL prints its columns without the alias, so those are recognised by the table's column names.
/// </remarks>
public sealed partial class PostgresPlans
{
    private readonly List<(string Schema, string Table, string Alias)> _scans = [];
    private readonly List<string> _expressions = [];
    private int _rangeEntries;

    private PostgresPlans()
    {
    }

    public static PostgresPlans Parse(string planJson)
    {
        var plan = new PostgresPlans();
        using var document = JsonDocument.Parse(planJson);
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            plan.Walk(entry.GetProperty("Plan"), isRoot: true);
        }

        return plan;
    }

    /// <summary>The one table whose columns appear unqualified, when the statement reads exactly one table and nothing else.</summary>
    public (string Schema, string Table)? SingleTable =>
        _rangeEntries == 1 && _scans.Count > 0 && _scans.Select(s => (s.Schema, s.Table)).Distinct().Count() == 1 ? (_scans[0].Schema, _scans[0].Table) : null;

    /// <param name="singleTableColumns">The columns of <see cref="SingleTable"/>, when there is one.</param>
    public IReadOnlyList<DatasetRead> Datasets(IReadOnlyCollection<string>? singleTableColumns = null) =>
        _scans
            .GroupBy(s => (s.Schema, s.Table))
            .Select(g => new DatasetRead(g.Key.Schema, g.Key.Table, ColumnsOf(g.Select(s => s.Alias).Distinct().ToList(), singleTableColumns)))
            .ToList();

    private List<string>? ColumnsOf(IReadOnlyList<string> aliases, IReadOnlyCollection<string>? singleTableColumns)
    {
        var qualified = QualifiedColumns(aliases);
        return qualified is null || SingleTable is null || singleTableColumns is null
            ? qualified
            : [.. qualified.Union(UnqualifiedColumns(singleTableColumns)).Order(StringComparer.Ordinal)];
    }

    private void Walk(JsonElement node, bool isRoot)
    {
        var isScan = node.TryGetProperty("Relation Name", out var relation);
        if (isScan)
        {
            _scans.Add((node.GetProperty("Schema").GetString()!, relation.GetString()!, node.GetProperty("Alias").GetString()!));
        }

        if (node.TryGetProperty("Alias", out _))
        {
            _rangeEntries++;
        }

        foreach (var property in node.EnumerateObject())
        {
            if (property.Name == "Plans")
            {
                foreach (var child in property.Value.EnumerateArray())
                {
                    Walk(child, isRoot: false);
                }
            }
            else if (property.Name == "Output" && isScan && !isRoot)
            {
                // A physical target list: the whole row, whatever the parent needs.
            }
            else if (property.Value.ValueKind == JsonValueKind.String && property.Name is not ("Relation Name" or "Schema" or "Alias" or "Node Type"))
            {
                _expressions.Add(property.Value.GetString()!);
            }
            else if (property.Value.ValueKind == JsonValueKind.Array)
            {
                _expressions.AddRange(property.Value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!));
            }
        }
    }

    // Null when a whole-row reference (alias.*) hides which columns are read.
    private List<string>? QualifiedColumns(IReadOnlyList<string> aliases)
    {
        var columns = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var alias in aliases)
        {
            var quoted = SimpleName().IsMatch(alias) ? Regex.Escape(alias) : Regex.Escape("\"" + alias.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"");
            var reference = new Regex($@"(?<![\w""$.]){quoted}\.(\*|""(?:[^""]|"""")+""|[a-z_][a-z0-9_$]*)", RegexOptions.CultureInvariant);
            foreach (var expression in _expressions.Select(WithoutLiterals))
            {
                foreach (Match m in reference.Matches(expression))
                {
                    if (m.Groups[1].Value == "*")
                    {
                        return null;
                    }

                    columns.Add(Unquote(m.Groups[1].Value));
                }
            }
        }

        return columns.ToList();
    }

    private List<string> UnqualifiedColumns(IReadOnlyCollection<string> tableColumns)
    {
        var known = tableColumns.ToHashSet(StringComparer.Ordinal);
        var columns = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var expression in _expressions.Select(WithoutLiterals))
        {
            foreach (Match m in Identifier().Matches(expression))
            {
                if (known.Contains(Unquote(m.Value)))
                {
                    columns.Add(Unquote(m.Value));
                }
            }
        }

        return columns.ToList();
    }

    private static string Unquote(string name) => name.StartsWith('"') ? name[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : name;

    private static string WithoutLiterals(string expression) => Literal().Replace(expression, "''");

    [GeneratedRegex("^[a-z_][a-z0-9_$]*$")]
    private static partial Regex SimpleName();

    [GeneratedRegex("'(?:[^']|'')*'")]
    private static partial Regex Literal();

    // A name that is not a function call, not a type after '::' and not part of a qualified reference.
    [GeneratedRegex(@"(?<![\w""$.:])(""(?:[^""]|"""")+""|[a-z_][a-z0-9_$]*)(?![\w""$.(])")]
    private static partial Regex Identifier();
}
