namespace DqPlatform.GraphQL.Relay;

/// <summary>
/// How the objects of one node type are loaded by the keys their global ids carry. Each feature registers one per
/// type it owns as a service; <see cref="NodeRegistry"/> answers <c>node(id:)</c> and <c>nodes(ids:)</c> with them.
/// The load must confine itself to what the caller may see: another tenant's key finds nothing, like a deleted one.
/// </summary>
public sealed class NodeType
{
    private readonly Func<IServiceProvider, IReadOnlyList<string>, CancellationToken, Task<IEnumerable<(string Key, object Row)>>> _load;

    private NodeType(string name, Func<IServiceProvider, IReadOnlyList<string>, CancellationToken, Task<IEnumerable<(string Key, object Row)>>> load)
    {
        Name = name;
        _load = load;
    }

    /// <summary>The GraphQL type name, as global ids spell it.</summary>
    public string Name { get; }

    /// <summary>
    /// A type keyed by a uuid: the keys asked for are loaded in one statement (<paramref name="load"/> gets the valid
    /// uuids), and rows are matched to ids by <paramref name="id"/>.
    /// </summary>
    public static NodeType ByUuid<T>(string name, Func<IServiceProvider, List<Guid>, CancellationToken, Task<List<T>>> load, Func<T, Guid> id)
        where T : class =>
        new(name, async (services, keys, ct) =>
        {
            var ids = keys.Select(k => Guid.TryParseExact(k, "N", out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToList();
            return (await load(services, ids, ct)).Select(row => (id(row).ToString("N"), (object)row));
        });

    /// <summary>
    /// A type keyed by something else (a composite key written as text): each key is looked up on its own;
    /// <paramref name="load"/> answers null for a key it cannot read or a row it does not find.
    /// </summary>
    public static NodeType ByKey(string name, Func<IServiceProvider, string, CancellationToken, Task<object?>> load) =>
        new(name, async (services, keys, ct) =>
        {
            var rows = new List<(string, object)>();
            foreach (var key in keys)
            {
                if (await load(services, key, ct) is { } row)
                {
                    rows.Add((key, row));
                }
            }

            return rows;
        });

    /// <summary>The rows of the keys given (distinct, uuids in lower-case "N" spelling), keyed as their global ids spell them.</summary>
    internal Task<IEnumerable<(string Key, object Row)>> LoadAsync(IServiceProvider services, IReadOnlyList<string> keys, CancellationToken ct) =>
        _load(services, keys, ct);
}
