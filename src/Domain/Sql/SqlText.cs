using System.Text.RegularExpressions;
using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Sql;

/// <summary>How a database's lexer reads SQL text; the guards check user SQL under every reading.</summary>
public enum SqlReading
{
    /// <summary>PostgreSQL: standard strings, dollar quotes, "identifiers", -- and /* */ comments.</summary>
    Standard,

    /// <summary>MySQL/MariaDB: backslash escapes in strings, `identifiers`, # comments, -- only before a space, /*! /*M! /*+ run.</summary>
    MySql,

    /// <summary>SQL Server: [identifiers], -- and /* */ comments.</summary>
    SqlServer,
}

/// <summary>
/// Reads SQL text the way a database's lexer would, as far as the guards need: comments, string literals, quoted
/// identifiers and dollar quotes are told apart from code, so keywords and placeholders inside them never count.
/// </summary>
public static partial class SqlText
{
    public static readonly IReadOnlyList<SqlReading> AllReadings = [SqlReading.Standard, SqlReading.MySql, SqlReading.SqlServer];

    /// <summary>
    /// The same text with the same length, where comments become spaces and the inside of every quoted part becomes
    /// spaces (the quote characters stay), so positions in the mask are positions in the SQL, read as
    /// <paramref name="reading"/> says. Block comments nest in PostgreSQL and SQL Server (<c>/* /* */ ' */</c> is one
    /// comment there, and the quote inside it is no quote) and end at the first <c>*/</c> in MySQL. Throws VALIDATION
    /// naming <paramref name="field"/> for an unterminated comment or quote, and for the comments MySQL and MariaDB
    /// execute (<c>/*!</c>, <c>/*M!</c>) or read as optimizer hints (<c>/*+</c>), which would run what they hide.
    /// </summary>
    public static string Mask(string sql, string field, SqlReading reading)
    {
        var mask = sql.ToCharArray();
        for (var i = 0; i < sql.Length; i++)
        {
            var ch = sql[i];
            var next = i + 1 < sql.Length ? sql[i + 1] : '\0';
            if ((ch == '-' && next == '-' && (reading != SqlReading.MySql || i + 2 >= sql.Length || char.IsWhiteSpace(sql[i + 2]) || char.IsControl(sql[i + 2])))
                || (ch == '#' && reading == SqlReading.MySql))
            {
                var end = sql.IndexOf('\n', i);
                i = Blank(mask, i, end < 0 ? sql.Length : end, null) - 1;
            }
            else if (ch == '/' && next == '*')
            {
                if (ExecutableComment(sql, i + 2))
                {
                    // Refused under every reading: the guards read text all three ways, and MySQL would run it.
                    throw new ValidationException("Executable comments and optimizer hints (/*! … */, /*M! … */, /*+ … */) are not allowed.", field);
                }

                var end = reading == SqlReading.MySql ? sql.IndexOf("*/", i + 2, StringComparison.Ordinal) + 2 : NestedCommentEnd(sql, i);
                i = end < 2
                    ? throw new ValidationException("The SQL has an unterminated comment.", field)
                    : Blank(mask, i, end, null) - 1;
            }
            else if (ch is '\'' or '"' or '`' || (ch == '[' && reading == SqlReading.SqlServer))
            {
                var close = ch == '[' ? ']' : ch;
                var end = i + 1;
                while (true)
                {
                    if (end >= sql.Length)
                    {
                        throw new ValidationException("The SQL has an unterminated quote.", field);
                    }

                    if ((reading == SqlReading.MySql && ch != '`' && sql[end] == '\\') || (sql[end] == close && end + 1 < sql.Length && sql[end + 1] == close))
                    {
                        end += 2;
                    }
                    else if (sql[end] == close)
                    {
                        break;
                    }
                    else
                    {
                        end++;
                    }
                }

                i = Blank(mask, i, end + 1, ch) - 1;
            }
            else if (ch == '$' && reading == SqlReading.Standard && (i == 0 || !IsIdentifierPart(sql[i - 1]))
                && DollarTag().Match(sql, i) is { Success: true } tag)
            {
                var end = sql.IndexOf(tag.Value, i + tag.Length, StringComparison.Ordinal);
                i = end < 0
                    ? throw new ValidationException("The SQL has an unterminated dollar quote.", field)
                    : Blank(mask, i, end + tag.Length, '\'') - 1;
            }
        }

        return new string(mask);
    }

    /// <summary>
    /// The names of the functions <paramref name="sql"/> calls by a quoted identifier ("f"(…), `f`(…), [f](…)), as the
    /// reading quotes them; a quoted column name is not a call.
    /// </summary>
    /// <param name="mask"><see cref="Mask"/> of <paramref name="sql"/> under <paramref name="reading"/>.</param>
    public static IEnumerable<string> QuotedCalls(string sql, string mask, SqlReading reading)
    {
        var quotes = reading switch { SqlReading.MySql => "`", SqlReading.SqlServer => "\"[", _ => "\"" };
        for (var i = 0; i < mask.Length; i++)
        {
            if (quotes.Contains(mask[i], StringComparison.Ordinal))
            {
                var close = mask[i] == '[' ? ']' : mask[i];
                var end = mask.IndexOf(close, i + 1);
                if (end > i)
                {
                    var after = end + 1;
                    while (after < mask.Length && char.IsWhiteSpace(mask[after]))
                    {
                        after++;
                    }

                    if (after < mask.Length && mask[after] == '(')
                    {
                        yield return sql[(i + 1)..end].Replace(new string(close, 2), close.ToString(), StringComparison.Ordinal);
                    }

                    i = end;
                }
            }
            else if (mask[i] == '\'')
            {
                var end = mask.IndexOf('\'', i + 1); // a string literal's inside is already blank
                i = end < 0 ? mask.Length : end;
            }
        }
    }

    // MySQL runs /*!…*/ and /*!50700…*/, MariaDB also /*M!…*/ and /*M!100100…*/; /*+…*/ carries optimizer hints
    // (SET_VAR and friends).
    private static bool ExecutableComment(string sql, int at) =>
        at < sql.Length && (sql[at] is '!' or '+' || (sql[at] is 'M' or 'm' && at + 1 < sql.Length && sql[at + 1] == '!'));

    // The end (exclusive) of the nested block comment opening at start, or 1 when it never closes.
    private static int NestedCommentEnd(string sql, int start)
    {
        var depth = 0;
        for (var i = start; i + 1 < sql.Length; i++)
        {
            if (sql[i] == '/' && sql[i + 1] == '*')
            {
                depth++;
                i++;
            }
            else if (sql[i] == '*' && sql[i + 1] == '/')
            {
                depth--;
                i++;
                if (depth == 0)
                {
                    return i + 1;
                }
            }
        }

        return 1;
    }

    // PostgreSQL identifiers may contain '$' (x$a$ is a name, not the start of a dollar quote).
    private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';

    // Blanks [start, end) and returns end; a quoted part keeps a quote mark at each end so it still reads as a literal.
    private static int Blank(char[] mask, int start, int end, char? ends)
    {
        Array.Fill(mask, ' ', start, end - start);
        if (ends is { } quote)
        {
            mask[start] = quote;
            mask[end - 1] = quote;
        }

        return end;
    }

    [GeneratedRegex(@"\G\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$")]
    private static partial Regex DollarTag();
}
