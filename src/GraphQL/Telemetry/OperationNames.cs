using System.Collections.Concurrent;

namespace DqPlatform.GraphQL.Telemetry;

/// <summary>
/// Operation names as metric labels: the first <c>limit</c> distinct names a node sees keep their own series, later
/// ones are counted as <c>other</c>, and anonymous operations as <c>anonymous</c>.
/// </summary>
internal sealed class OperationNames(int limit)
{
    public const string Other = "other";
    public const string Anonymous = "anonymous";
    private const int MaxLength = 100;

    private readonly ConcurrentDictionary<string, string> _known = new(StringComparer.Ordinal);

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
