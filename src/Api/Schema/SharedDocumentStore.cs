using DqPlatform.GraphQL.Documents;
using DqPlatform.Infrastructure.Caching;

namespace DqPlatform.Api.Schema;

/// <summary>Automatically persisted documents in Redis, so a document registered on one node answers on every node.</summary>
public sealed class SharedDocumentStore(RedisDocumentStore redis) : IPersistedDocumentStore
{
    public async ValueTask<string?> FindAsync(string hash, CancellationToken cancellationToken) => await redis.FindAsync(hash, cancellationToken);

    public async ValueTask SaveAsync(string hash, string document, CancellationToken cancellationToken) => await redis.SaveAsync(hash, document, cancellationToken);
}
