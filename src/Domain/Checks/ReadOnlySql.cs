using System.Text;
using System.Text.RegularExpressions;
using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Checks;

/// <summary>
/// The first wall around user SQL: one statement that reads (SELECT / WITH / VALUES / TABLE), without keywords that
/// write and without the functions that reach outside a read-only transaction. The second wall is the read-only
/// transaction every connector runs it in, and the third the database role the connection uses.
/// </summary>
public static partial class ReadOnlySql
{
    public const int MaxLength = 100_000;

    private static readonly HashSet<string> Readers = new(StringComparer.OrdinalIgnoreCase) { "SELECT", "WITH", "VALUES", "TABLE" };

    private static readonly HashSet<string> Refused = new(StringComparer.OrdinalIgnoreCase)
    {
        "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "CREATE", "ALTER", "DROP", "TRUNCATE", "GRANT", "REVOKE", "COPY",
        "CALL", "EXEC", "EXECUTE", "INTO", "LOCK", "VACUUM", "REINDEX", "REFRESH", "LOAD", "HANDLER", "OUTFILE", "DUMPFILE",
        "PREPARE", "DEALLOCATE", "LISTEN", "NOTIFY", "UNLISTEN", "DISCARD", "COMMIT", "ROLLBACK", "SAVEPOINT", "BEGIN",
        "DBLINK", "DBLINK_EXEC", "PG_TERMINATE_BACKEND", "PG_CANCEL_BACKEND", "PG_RELOAD_CONF", "PG_ROTATE_LOGFILE",
        "LO_IMPORT", "LO_EXPORT", "LO_UNLINK", "PG_READ_FILE", "PG_READ_BINARY_FILE", "PG_LS_DIR", "PG_STAT_FILE",
        "SET_CONFIG", "PG_ADVISORY_LOCK", "PG_ADVISORY_XACT_LOCK", "NEXTVAL", "SETVAL", "SLEEP", "BENCHMARK",
        "GET_LOCK", "LOAD_FILE", "XP_CMDSHELL", "OPENROWSET", "OPENDATASOURCE", "OPENQUERY",
    };

    /// <summary>Returns the statement without a trailing semicolon; throws VALIDATION naming <paramref name="field"/>.</summary>
    public static string Require(string? sql, string field)
    {
        var text = (sql ?? "").Trim();
        if (text.Length is 0 or > MaxLength)
        {
            throw new ValidationException($"The SQL must be 1 to {MaxLength} characters.", field);
        }

        foreach (var backslashEscapes in new[] { false, true })
        {
            var code = CodeOnly(text, field, backslashEscapes).TrimEnd().TrimEnd(';').TrimEnd();
            if (code.Contains(';'))
            {
                throw new ValidationException("Only one SQL statement may be run.", field);
            }

            var words = Word().Matches(code).Select(m => m.Value).ToList();
            if (words.Count == 0 || !Readers.Contains(words[0]))
            {
                throw new ValidationException("The SQL must be a query (SELECT, WITH, VALUES or TABLE).", field);
            }

            if (words.FirstOrDefault(Refused.Contains) is { } refused)
            {
                throw new ValidationException($"The SQL may only read data; '{refused.ToUpperInvariant()}' is not allowed.", field);
            }
        }

        // A trailing semicolon outside any comment would end the statement twice once wrapped; drop it.
        return text.TrimEnd().TrimEnd(';').TrimEnd();
    }

    // Blanks out comments, string literals and quoted identifiers so keywords inside them neither count nor hide.
    // MySQL reads a backslash in a string as an escape, PostgreSQL does not: the SQL is checked under both readings.
    private static string CodeOnly(string sql, string field, bool backslashEscapes)
    {
        var code = new StringBuilder(sql.Length);
        for (var i = 0; i < sql.Length; i++)
        {
            var ch = sql[i];
            var next = i + 1 < sql.Length ? sql[i + 1] : '\0';
            if (ch == '-' && next == '-')
            {
                while (i < sql.Length && sql[i] != '\n')
                {
                    i++;
                }

                code.Append(' ');
            }
            else if (ch == '/' && next == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw new ValidationException("The SQL has an unterminated comment.", field);
                }

                i = end + 1;
                code.Append(' ');
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

                i = end;
                code.Append(ch == '\'' ? " '' " : " q ");
            }
            else if (ch == '$' && DollarTag().Match(sql, i) is { Success: true } tag)
            {
                var end = sql.IndexOf(tag.Value, i + tag.Length, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw new ValidationException("The SQL has an unterminated dollar quote.", field);
                }

                i = end + tag.Length - 1;
                code.Append(" '' ");
            }
            else
            {
                code.Append(ch);
            }
        }

        return code.ToString();
    }

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_$]*")]
    private static partial Regex Word();

    [GeneratedRegex(@"\G\$[A-Za-z_]*\$")]
    private static partial Regex DollarTag();
}
