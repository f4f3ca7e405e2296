using System.Text.RegularExpressions;
using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Checks;

/// <summary>
/// Table, schema and column names as plain identifiers only. Anything else (quotes, semicolons, spaces, comments)
/// is refused when a check is saved, long before a connector quotes it for its dialect.
/// </summary>
public static partial class SqlIdentifier
{
    public static string Require(string? value, string field)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 128 || !Pattern().IsMatch(value))
        {
            throw new ValidationException($"'{field}' must be a plain identifier (letters, digits, _ or $, not starting with a digit, at most 128 characters).", field);
        }

        return value;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_$]*$")]
    private static partial Regex Pattern();
}
