using StackExchange.Redis;

namespace DqPlatform.Infrastructure.Caching;

/// <summary>
/// GraphQL documents by hash in Redis, shared by every node, each kept for a bounded time after it was saved (clients
/// that use a document after that send it again). While Redis is down nothing is asked of it; a call that takes longer
/// than <see cref="Budget"/> fails with a <see cref="TimeoutException"/>: a persisted document saves one round trip, so
/// waiting longer for it saves nothing. Callers treat failures as "not kept".
/// </summary>
public sealed class RedisDocumentStore(IConnectionMultiplexer redis, TimeSpan timeToLive)
{
    private const string KeyPrefix = "dqp:documents:";
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(1);

    /// <summary>The document kept under the hash, or null.</summary>
    public async Task<string?> FindAsync(string hash, CancellationToken cancellationToken)
    {
        if (!redis.IsConnected)
        {
            return null;
        }

        var value = await redis.GetDatabase().StringGetAsync(KeyPrefix + hash).WaitAsync(Budget, cancellationToken);
        return value.HasValue ? value.ToString() : null;
    }

    public async Task SaveAsync(string hash, string document, CancellationToken cancellationToken)
    {
        if (redis.IsConnected)
        {
            await redis.GetDatabase().StringSetAsync(KeyPrefix + hash, document, timeToLive).WaitAsync(Budget, cancellationToken);
        }
    }
}
