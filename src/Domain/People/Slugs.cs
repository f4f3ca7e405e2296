using System.Text.RegularExpressions;
using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.People;

/// <summary>Handles people type into URLs, claims and configuration (organization slugs, custom role slugs): lower case, digits, dashes.</summary>
public static partial class Slugs
{
    public static string Require(string? value, string field, int max)
    {
        value = value?.Trim() ?? "";
        return value.Length <= max && Pattern().IsMatch(value)
            ? value
            : throw new ValidationException($"'{field}' must be 1 to {max} lower-case letters, digits and dashes, starting and ending with a letter or digit.", field);
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
