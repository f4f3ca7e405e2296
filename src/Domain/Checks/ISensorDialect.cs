namespace DqPlatform.Domain.Checks;

/// <summary>
/// What a check type needs of a source database's SQL to write its sensor; each connector's dialect answers it.
/// </summary>
public interface ISensorDialect
{
    string Name { get; }

    string Quote(string identifier);

    /// <summary>The expression naming the session's default schema.</summary>
    string CurrentSchema { get; }

    string Table(string? schema, string table);

    string Length(string column);

    string AsText(string column);

    /// <summary>A predicate matching a regular expression, or null when the database has none.</summary>
    string? RegexMatch(string column, string patternParameter);

    string AgeInSeconds(string timestamp);

    string Mean(string column);

    string Sum(string column);

    /// <summary>A SELECT (starting with <c>SELECT </c>) limited to its first <paramref name="limit"/> rows.</summary>
    string LimitRows(string select, int limit);

    string InList(string value, IReadOnlyList<string> values, Func<object, string> bind);
}
