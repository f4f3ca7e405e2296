namespace DqPlatform.GraphQL.Documents;

/// <summary>
/// Where automatically persisted documents are kept so that every node of the host knows a document any node was sent
/// (a shared cache with a bounded lifetime). Registered by the host; without one, each node remembers what it was sent.
/// </summary>
/// <remarks>
/// A store that is down is not the client's fault and must not fail the request: <see cref="PersistedDocuments"/>
/// treats a failure to find as "not found" (the client then sends the text) and a failure to save as nothing saved.
/// </remarks>
public interface IPersistedDocumentStore
{
    /// <summary>The document registered under a sha256 hash (lower-case hex), or null.</summary>
    ValueTask<string?> FindAsync(string hash, CancellationToken cancellationToken);

    /// <summary>Keeps a document under its sha256 hash (lower-case hex) for the store's lifetime.</summary>
    ValueTask SaveAsync(string hash, string document, CancellationToken cancellationToken);
}
