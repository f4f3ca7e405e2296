using System.Text.RegularExpressions;
using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Sql;

/// <summary>
/// Reads SQL text the way a database's lexer would, as far as the guards need: comments, string literals, quoted
/// identifiers and dollar quotes are told apart from code, so keywords and placeholders inside them never count.
/// </summary>
public static partial class SqlText
{
    /// <summary>
    /// The same text with the same length, where comments become spaces and the inside of every quoted part becomes
    /// spaces (the quote characters stay), so positions in the mask are positions in the SQL. MySQL reads a backslash
    /// in a string as an escape and PostgreSQL does not: <paramref name="backslashEscapes"/> chooses the reading.
    /// Throws VALIDATION naming <paramref name="field"/> for an unterminated comment or quote.
    /// </summary>
    public static string Mask(string sql, string field, bool backslashEscapes)
    {
        var mask = sql.ToCharArray();
        for (var i = 0; i < sql.Length; i++)
        {
            var ch = sql[i];
            var next = i + 1 < sql.Length ? sql[i + 1] : '\0';
            if (ch == '-' && next == '-')
            {
                var end = sql.IndexOf('\n', i);
                i = Blank(mask, i, end < 0 ? sql.Length : end, null) - 1;
            }
            else if (ch == '/' && next == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0
                    ? throw new ValidationException("The SQL has an unterminated comment.", field)
                    : Blank(mask, i, end + 2, null) - 1;
            }
            else if (ch is '\'' or '"' or '`')
            {
                var end = i + 1;
                while (true)
                {
                    if (end >= sql.Length)
                    {
                        throw new ValidationException("The SQL has an unterminated quote.", field);
                    }

                    if ((backslashEscapes && sql[end] == '\\') || (sql[end] == ch && end + 1 < sql.Length && sql[end + 1] == ch))
                    {
                        end += 2;
                    }
                    else if (sql[end] == ch)
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
            else if (ch == '$' && DollarTag().Match(sql, i) is { Success: true } tag)
            {
                var end = sql.IndexOf(tag.Value, i + tag.Length, StringComparison.Ordinal);
                i = end < 0
                    ? throw new ValidationException("The SQL has an unterminated dollar quote.", field)
                    : Blank(mask, i, end + tag.Length, '\'') - 1;
            }
        }

        return new string(mask);
    }

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

    [GeneratedRegex(@"\G\$[A-Za-z_]*\$")]
    private static partial Regex DollarTag();
}
