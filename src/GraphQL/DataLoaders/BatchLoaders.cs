using System.Collections.Concurrent;

namespace DqPlatform.GraphQL.DataLoaders;

/// <summary>The batch loaders of one request (a scoped service): one loader per name, shared by every resolver.</summary>
public sealed class BatchLoaders
{
    private readonly ConcurrentDictionary<string, object> _loaders = new(StringComparer.Ordinal);

    public BatchLoader<TKey, TValue> For<TKey, TValue>(
        string name, Func<IReadOnlyCollection<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch)
        where TKey : notnull =>
        (BatchLoader<TKey, TValue>)_loaders.GetOrAdd(name, _ => new BatchLoader<TKey, TValue>(fetch));
}
