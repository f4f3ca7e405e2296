using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;

namespace DqPlatform.GraphQL.Documents;

/// <summary>
/// Registered documents by hash: this node's memory in front of the host's shared <see cref="IPersistedDocumentStore"/>
/// (when there is one). A store that fails is answered as "not kept" and logged, never passed on to the client.
/// </summary>
internal sealed partial class DocumentMemory(ILogger logger, IPersistedDocumentStore? store) : IDisposable
{
    // A dashboard's few documents stay, so the shared store is asked once per document and node, and a flood of unique
    // ones just cycles.
    private const long MaxRememberedChars = 1024 * 1024;
    private readonly MemoryCache _remembered = new(new MemoryCacheOptions { SizeLimit = MaxRememberedChars });

    public bool Knows(string hash) => _remembered.TryGetValue(hash, out _);

    public async ValueTask<string?> FindAsync(string hash, CancellationToken cancellationToken)
    {
        if (_remembered.TryGetValue(hash, out string? known))
        {
            return known;
        }

        string? stored;
        try
        {
            stored = store is null ? null : await store.FindAsync(hash, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogStoreFailed(logger, e);
            return null;
        }

        // A shared store is trusted to keep documents, not to name them: only text that hashes to its key executes.
        if (stored is null || DocumentHash.Sha256(stored) != hash)
        {
            return null;
        }

        Remember(hash, stored);
        return stored;
    }

    public async ValueTask SaveAsync(string hash, string document, CancellationToken cancellationToken)
    {
        Remember(hash, document);
        try
        {
            await (store?.SaveAsync(hash, document, cancellationToken) ?? ValueTask.CompletedTask);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not kept for other nodes: they will answer not-found once and be sent the text, as after a restart.
            LogStoreFailed(logger, e);
        }
    }

    private void Remember(string hash, string document) =>
        _remembered.Set(hash, document, new MemoryCacheEntryOptions { Size = document.Length, SlidingExpiration = TimeSpan.FromHours(1) });

    [LoggerMessage(Level = LogLevel.Warning, Message = "The persisted document store failed; answering as if the document were unknown")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception);

    public void Dispose() => _remembered.Dispose();
}
