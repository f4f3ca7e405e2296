using System.Text;
using System.Text.RegularExpressions;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Sql;

namespace DqPlatform.Domain.Queries;

/// <summary>
/// SQL with <c>:name</c> placeholders (seed 004). Placeholders are found in code only — not in strings, comments,
/// quoted identifiers or <c>::</c> casts — and are replaced by the driver's own parameter markers, so values are
/// always bound by the database and never become SQL text.
/// </summary>
public static partial class QueryTemplate
{
    /// <summary>The distinct placeholder names in order of first use.</summary>
    public static IReadOnlyList<string> Placeholders(string sql, SqlReading reading = SqlReading.Standard) =>
        Placeholder().Matches(SqlText.Mask(sql, "query", reading)).Select(m => m.Groups[1].Value)
            .Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Checks declared parameters against the SQL: unique valid names, every placeholder declared, every declared
    /// parameter used. Throws VALIDATION.
    /// </summary>
    public static void Validate(string sql, IReadOnlyList<QueryParameter> parameters)
    {
        if (parameters.Count > QueryParameter.MaxParameters)
        {
            throw new ValidationException($"A query takes at most {QueryParameter.MaxParameters} parameters.", "parameters");
        }

        foreach (var parameter in parameters)
        {
            parameter.Validate();
        }

        if (parameters.GroupBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ValidationException($"Parameter '{twice.Key}' is declared twice.", "parameters");
        }

        var used = Placeholders(sql);
        if (used.FirstOrDefault(u => parameters.All(p => p.Name != u)) is { } undeclared)
        {
            throw new ValidationException($"The SQL uses :{undeclared}, which is not a declared parameter.", "parameters");
        }

        if (parameters.FirstOrDefault(p => !used.Contains(p.Name)) is { } unused)
        {
            throw new ValidationException($"Parameter '{unused.Name}' is declared but the SQL never uses :{unused.Name}.", "parameters");
        }
    }

    /// <summary>
    /// Replaces placeholders by driver markers (<paramref name="marker"/> gets the 0-based index of each distinct
    /// name) and lists the values in index order.
    /// </summary>
    public static BoundQuery Bind(
        string sql, IReadOnlyList<QueryParameter> parameters, IReadOnlyDictionary<string, string?> supplied, SqlReading reading, Func<int, string> marker)
    {
        if (supplied.Keys.FirstOrDefault(k => parameters.All(p => p.Name != k)) is { } unknown)
        {
            throw new ValidationException($"'{unknown}' is not a parameter of this query.", "parameters");
        }

        var mask = SqlText.Mask(sql, "query", reading);
        var order = new List<string>();
        var text = new StringBuilder(sql.Length);
        var last = 0;
        foreach (Match m in Placeholder().Matches(mask))
        {
            var name = m.Groups[1].Value;
            var index = order.IndexOf(name);
            if (index < 0)
            {
                order.Add(name);
                index = order.Count - 1;
            }

            text.Append(sql, last, m.Index - last).Append(marker(index));
            last = m.Index + m.Length;
        }

        text.Append(sql, last, sql.Length - last);
        var values = order.Select(name =>
        {
            var parameter = parameters.FirstOrDefault(p => p.Name == name)
                ?? throw new ValidationException($"The SQL uses :{name}, which is not a declared parameter.", "parameters");
            return parameter.ValueFor(supplied.GetValueOrDefault(name), supplied.ContainsKey(name));
        }).ToList();
        return new BoundQuery(text.ToString(), values);
    }

    // A colon not preceded by a colon or a word character (so '::type' casts and 'a:b' slices are not placeholders).
    [GeneratedRegex(@"(?<![:\w]):([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Placeholder();
}

/// <summary>SQL with driver parameter markers and the values to bind, in marker order.</summary>
public sealed record BoundQuery(string Sql, IReadOnlyList<object?> Values);
