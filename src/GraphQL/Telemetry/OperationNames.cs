using System.Collections.Concurrent;

namespace DqPlatform.GraphQL.Telemetry;

/// <summary>
/// Operation names as metric labels. Only operations that validated and executed for an authenticated caller name a
/// series of their own, and only the first <c>limit</c> distinct names a node sees; anything else is counted under a
/// fixed label. The fixed labels are in parentheses, which no GraphQL name can contain, so no operation can take one.
/// </summary>
internal sealed class OperationNames(int limit)
{
    /// <summary>Names beyond the limit, too long, or of operations without an authenticated caller.</summary>
    public const string Other = "(other)";

    /// <summary>Documents that did not parse, validate or get past authentication: their names are anyone's text.</summary>
    public const string Unvalidated = "(unvalidated)";

    public const string Anonymous = "(anonymous)";
    private const int MaxLength = 100;

    private readonly ConcurrentDictionary<string, string> _known = new(StringComparer.Ordinal);

    /// <summary>The label of a name from a document that validated and executed for an authenticated caller.</summary>
    public string Of(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return Anonymous;
        }

        if (_known.TryGetValue(name, out var known))
        {
            return known;
        }

        if (name.Length > MaxLength || _known.Count >= limit)
        {
            return Other;
        }

        return _known.GetOrAdd(name, name);
    }
}
