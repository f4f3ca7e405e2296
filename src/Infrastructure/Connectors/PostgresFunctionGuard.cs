using System.Data.Common;
using System.Text.Json;
using System.Text.RegularExpressions;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Sql;

namespace DqPlatform.Infrastructure.Connectors;

/// <summary>
/// Which functions a user statement would call, as PostgreSQL itself resolved them: every expression of the
/// statement's plan (views, CTEs and subqueries seen through, quoting and comments gone, names as the server prints
/// them), looked up in the source's own catalog. A volatile function — one that can write, lock, signal, read files,
/// change settings or touch replication — is refused unless it is one of the few harmless ones below. Nothing has run
/// yet when this answers: EXPLAIN plans, it does not execute.
/// </summary>
public static partial class PostgresFunctionGuard
{
    /// <summary>
    /// Volatile only because their answers change, not because they act: pg_catalog's random and clock functions, and
    /// pg_sleep, which only waits (the statement timeout bounds it).
    /// </summary>
    private static readonly string[] HarmlessVolatile =
        ["random", "random_normal", "clock_timestamp", "timeofday", "gen_random_uuid", "statement_timestamp", "pg_sleep"];

    // Keys of a plan node that name things rather than hold expressions.
    private static readonly HashSet<string> NotExpressions = new(StringComparer.Ordinal)
    {
        "Node Type", "Relation Name", "Schema", "Alias", "Parent Relationship", "Strategy", "Join Type", "Index Name",
        "Scan Direction", "Subplan Name", "CTE Name", "Sort Method", "Partial Mode", "Command", "Operation", "Async Capable",
    };

    private const string VolatileCalls = """
        SELECT DISTINCT n.nspname || '.' || p.proname
        FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
        WHERE p.proname = ANY($1) AND p.provolatile = 'v' AND NOT (n.nspname = 'pg_catalog' AND p.proname = ANY($2))
        """;

    /// <summary>Throws VALIDATION naming the first volatile function the plan calls that is not harmless.</summary>
    public static async Task RequireHarmlessAsync(DbCommand command, string planJson, CancellationToken cancellationToken)
    {
        var names = CalledNames(planJson);
        if (names.Count == 0)
        {
            return;
        }

        command.Parameters.Clear();
        command.CommandText = VolatileCalls;
        foreach (var value in new object[] { names.ToArray(), HarmlessVolatile })
        {
            var parameter = command.CreateParameter();
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        if (await command.ExecuteScalarAsync(cancellationToken) is string refused)
        {
            throw new ValidationException($"The SQL may only read data; it calls '{refused}', which can change state on the source.", "sql");
        }
    }

    // Functions that may read tables the plan does not name: every function outside pg_catalog (the source's users
    // defined it: even a stable or immutable one may select from any table), and the built-ins that run query text or
    // read a table, a schema, a database or a cursor they are handed (query_to_xml, table_to_xml, cursor_to_xml and
    // the rest of that family, ts_stat, ts_rewrite). Conservative: a name that any such function has counts, whichever
    // one the plan resolved it to.
    private const string UnplannedReads = """
        SELECT EXISTS (
            SELECT FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
            WHERE p.proname = ANY($1) AND (
                n.nspname <> 'pg_catalog'
                OR p.proname ~ '_to_xml|^ts_stat$|^ts_rewrite$|^query_|^cursor_'
                OR 'pg_catalog.refcursor'::pg_catalog.regtype = ANY(p.proargtypes::pg_catalog.oid[])
                OR p.proargnames && ARRAY['query', 'sqlquery', 'sql']::text[]))
        """;

    /// <summary>
    /// Whether the plan calls a function that may read tables the plan does not name (see <see cref="UnplannedReads"/>),
    /// so the tables it names are not all the statement reads.
    /// </summary>
    public static async Task<bool> MayReadUnplannedAsync(DbCommand command, string planJson, CancellationToken cancellationToken)
    {
        var names = CalledNames(planJson);
        if (names.Count == 0)
        {
            return false;
        }

        command.Parameters.Clear();
        command.CommandText = UnplannedReads;
        var parameter = command.CreateParameter();
        parameter.Value = names.ToArray();
        command.Parameters.Add(parameter);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>The names called in the plan's expressions (unqualified, as the catalog stores them).</summary>
    public static IReadOnlySet<string> CalledNames(string planJson)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(planJson);
        Collect(document.RootElement, null, names);
        return names;
    }

    private static void Collect(JsonElement element, string? key, HashSet<string> names)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, property.Name, names);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, key, names);
                }

                break;
            case JsonValueKind.String when key is not null && !NotExpressions.Contains(key):
                var expression = element.GetString()!;
                string mask;
                try
                {
                    mask = SqlText.Mask(expression, "plan", SqlReading.Standard);
                }
                catch (ValidationException)
                {
                    mask = expression; // not an expression after all (a free-text field): read it as it is
                }

                foreach (Match call in Call().Matches(mask))
                {
                    var name = expression.Substring(call.Groups[1].Index, call.Groups[1].Length);
                    names.Add(name.StartsWith('"') ? name[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : name.ToLowerInvariant());
                }

                break;
        }
    }

    // A name (bare, or quoted — its inside is blank in the mask) right before an opening parenthesis.
    [GeneratedRegex("(\"[^\"]*\"|[A-Za-z_][A-Za-z0-9_$]*)\\s*\\(")]
    private static partial Regex Call();
}
