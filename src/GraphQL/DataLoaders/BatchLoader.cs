using GraphQL.DataLoader;

namespace DqPlatform.GraphQL.DataLoaders;

/// <summary>
/// Collects the keys that resolvers ask for while the engine walks one level of the result, then loads them all in
/// one query the first time any of them is awaited (GraphQL.NET awaits <see cref="IDataLoaderResult"/>s only after
/// the level's other fields ran). A page of 100 incidents with their checks costs one query for the checks, not 100.
/// </summary>
public sealed class BatchLoader<TKey, TValue>(Func<IReadOnlyCollection<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch)
    where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> _loaded = [];
    private readonly HashSet<TKey> _pending = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    public IDataLoaderResult<TValue?> Load(TKey key)
    {
        if (!_loaded.ContainsKey(key))
        {
            _pending.Add(key);
        }

        return new Result(this, key);
    }

    private async Task<TValue?> GetAsync(TKey key, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_pending.Count > 0 && !_loaded.ContainsKey(key))
            {
                var keys = _pending.ToList();
                _pending.Clear();
                var values = await fetch(keys, cancellationToken);
                foreach (var k in keys)
                {
                    _loaded[k] = values.TryGetValue(k, out var v) ? v : default!;
                }
            }

            return _loaded.TryGetValue(key, out var value) ? value : default;
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed class Result(BatchLoader<TKey, TValue> loader, TKey key) : IDataLoaderResult<TValue?>
    {
        public Task<TValue?> GetResultAsync(CancellationToken cancellationToken = default) => loader.GetAsync(key, cancellationToken);

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}
