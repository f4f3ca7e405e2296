using System.Text.RegularExpressions;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Sql;

namespace DqPlatform.Domain.Checks;

/// <summary>
/// The first, friendly wall around user SQL: one statement that reads (SELECT / WITH / VALUES / TABLE), without
/// keywords that write and without the functions known to reach outside a read-only transaction, quoted or not. It
/// reads words, so it answers early and clearly, but it is not what keeps a source safe: the connectors send user SQL
/// as exactly one statement in one protocol message, PostgreSQL's own plan says which functions it would call
/// (anything volatile outside a short allow-list is refused, see <c>PostgresFunctionGuard</c>), it runs in a read-only
/// transaction, and the source session is reset before its connection is reused.
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
        "PG_CREATE_PHYSICAL_REPLICATION_SLOT", "PG_CREATE_LOGICAL_REPLICATION_SLOT", "PG_DROP_REPLICATION_SLOT",
        "PG_STAT_RESET", "PG_ADVISORY_LOCK_SHARED", "PG_TRY_ADVISORY_LOCK", "RELEASE_LOCK", "SYS_EXEC", "SYS_EVAL",
    };

    /// <summary>Returns the statement without a trailing semicolon; throws VALIDATION naming <paramref name="field"/>.</summary>
    public static string Require(string? sql, string field)
    {
        var text = (sql ?? "").Trim();
        if (text.Length is 0 or > MaxLength)
        {
            throw new ValidationException($"The SQL must be 1 to {MaxLength} characters.", field);
        }

        // Refused if any database would read it as more than one reading statement.
        foreach (var reading in SqlText.AllReadings)
        {
            var mask = SqlText.Mask(text, field, reading);
            var code = mask.TrimEnd().TrimEnd(';').TrimEnd();
            if (code.Contains(';'))
            {
                throw new ValidationException("Only one SQL statement may be run.", field);
            }

            var words = Word().Matches(code).Select(m => m.Value).ToList();
            if (words.Count == 0 || !Readers.Contains(words[0]))
            {
                throw new ValidationException("The SQL must be a query (SELECT, WITH, VALUES or TABLE).", field);
            }

            // "pg_terminate_backend"(pid) calls the function as surely as the bare name does.
            words.AddRange(SqlText.QuotedCalls(text, mask, reading));
            if (words.FirstOrDefault(Refused.Contains) is { } refused)
            {
                throw new ValidationException($"The SQL may only read data; '{refused.ToUpperInvariant()}' is not allowed.", field);
            }
        }

        // A trailing semicolon outside any comment would end the statement twice once wrapped; drop it.
        return text.TrimEnd().TrimEnd(';').TrimEnd();
    }

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_$]*")]
    private static partial Regex Word();
}
