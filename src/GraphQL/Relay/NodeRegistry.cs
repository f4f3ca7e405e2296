using DqPlatform.GraphQL.Errors;
using DqPlatform.GraphQL.Lists.Paging;

namespace DqPlatform.GraphQL.Relay;

/// <summary>
/// <c>node(id:)</c> and <c>nodes(ids:)</c>: decode global ids and load them through the <see cref="NodeType"/> the
/// features registered, so another tenant's id (or a made-up one, or one of a type nobody registered) answers null
/// exactly like a deleted object.
/// </summary>
public sealed class NodeRegistry(IEnumerable<NodeType> types)
{
    /// <summary>At most this many ids in one <c>nodes(ids:)</c>: a page's worth, as for lists.</summary>
    public const int MaxIds = PageArguments.MaxSize;

    private readonly Dictionary<string, NodeType> _types = types.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public async Task<object?> FindAsync(IServiceProvider services, string globalId, CancellationToken ct) =>
        (await FindManyAsync(services, [globalId], ct))[0];

    /// <summary>
    /// One statement per type asked for, not one per id, answering in the order asked (null for unknown, foreign or
    /// malformed ids).
    /// </summary>
    public async Task<List<object?>> FindManyAsync(IServiceProvider services, IReadOnlyList<string> globalIds, CancellationToken ct)
    {
        if (globalIds.Count > MaxIds)
        {
            throw ClientErrors.Reported(services, new InvalidArgumentException($"'ids' may name at most {MaxIds} objects.", "ids"));
        }

        var wanted = globalIds.Select(g => GlobalId.TryDecode(g, out string type, out string key) ? (type, key: Normalized(key)) : default).ToList();
        var found = new Dictionary<(string, string), object>();
        foreach (var group in wanted.Where(w => w.type is not null).GroupBy(w => w.type, w => w.key))
        {
            if (!_types.TryGetValue(group.Key, out var type))
            {
                continue;
            }

            foreach (var (key, row) in await type.LoadAsync(services, group.Distinct().ToList(), ct))
            {
                found[(group.Key, key)] = row;
            }
        }

        return [.. wanted.Select(w => w.type is not null && found.TryGetValue(w, out var row) ? row : null)];
    }

    // A uuid key in one spelling (lower-case "N"), so ids that differ only in case find the same row.
    private static string Normalized(string key) => Guid.TryParseExact(key, "N", out var id) ? id.ToString("N") : key;
}
