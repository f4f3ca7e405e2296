using GraphQL;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;

namespace DqPlatform.GraphQL.Documents;

/// <summary>
/// The document a request executes, under Apollo's automatic persisted queries
/// (<c>extensions.persistedQuery: {version: 1, sha256Hash}</c>) and the trusted documents mode: a hash alone is looked up
/// (the trusted list, this node's memory, the shared <see cref="IPersistedDocumentStore"/>) and answers
/// <see cref="NotFoundCode"/> when unknown, so the client sends it again with its text; text with a hash must hash to
/// it and is registered once it has validated (<see cref="RegisterAsync"/>), as Apollo Server does, so no malformed
/// document is ever kept.
/// </summary>
public sealed partial class PersistedDocuments(
    PersistedDocumentOptions options, TrustedDocumentList trusted, ILogger<PersistedDocuments> logger, IPersistedDocumentStore? store = null)
    : IDisposable
{
    /// <summary>An unknown hash: Apollo's links recognise this code (and the message) and retry with the text.</summary>
    public const string NotFoundCode = "PERSISTED_QUERY_NOT_FOUND";

    /// <summary>A document the trusted documents mode does not accept (Apollo Router's name for it).</summary>
    public const string NotInListCode = "PERSISTED_QUERY_NOT_IN_LIST";

    public const string BadRequestCode = "BAD_REQUEST";

    // Documents this node was sent or found, by hash: a dashboard's few documents stay, so the shared store is asked
    // once per document and node, and a flood of unique ones just cycles.
    private const long MaxRememberedChars = 1024 * 1024;
    private readonly MemoryCache _remembered = new(new MemoryCacheOptions { SizeLimit = MaxRememberedChars });

    public static bool IsRequested(Inputs? extensions) => extensions?.TryGetValue("persistedQuery", out var value) == true && value is not null;

    public async ValueTask<PersistedDocument> ResolveAsync(string? query, Inputs? extensions, CancellationToken cancellationToken)
    {
        if (!IsRequested(extensions))
        {
            return query is null ? PersistedDocument.Refused("The 'query' parameter must be a string.", BadRequestCode)
                : !options.TrustedDocumentsOnly || trusted.Contains(query) ? PersistedDocument.Of(query)
                : NotInList();
        }

        if (ReadId(extensions!["persistedQuery"]) is not { } id)
        {
            return PersistedDocument.Refused(
                "extensions.persistedQuery must be {version: 1, sha256Hash: <the document's sha256 as hex>}.", BadRequestCode);
        }

        var hash = id.ToLowerInvariant();
        if (query is not null)
        {
            return DocumentHash.Sha256(query) != hash ? PersistedDocument.Refused("The sha256Hash does not match the query's text.", BadRequestCode)
                : options.TrustedDocumentsOnly ? trusted.Contains(query) ? PersistedDocument.Of(query) : NotInList()
                : PersistedDocument.Of(query, _remembered.TryGetValue(hash, out _) ? null : hash);
        }

        if (trusted.Find(id) is { } listed)
        {
            return PersistedDocument.Of(listed);
        }

        return options.TrustedDocumentsOnly ? NotInList()
            : await FindAsync(hash, cancellationToken) is { } found ? PersistedDocument.Of(found)
            : PersistedDocument.Refused("PersistedQueryNotFound", NotFoundCode);
    }

    /// <summary>Keeps a document that validated (see <see cref="PersistedDocument.HashToRegister"/>) for every node.</summary>
    public async ValueTask RegisterAsync(PersistedDocument document, CancellationToken cancellationToken)
    {
        if (document is not { HashToRegister: { } hash, Query: { } query })
        {
            return;
        }

        Remember(hash, query);
        try
        {
            await (store?.SaveAsync(hash, query, cancellationToken) ?? ValueTask.CompletedTask);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not kept for other nodes: they will answer not-found once and be sent the text, as after a restart.
            LogStoreFailed(logger, e);
        }
    }

    private async ValueTask<string?> FindAsync(string hash, CancellationToken cancellationToken)
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

    private void Remember(string hash, string query) =>
        _remembered.Set(hash, query, new MemoryCacheEntryOptions { Size = query.Length, SlidingExpiration = TimeSpan.FromHours(1) });

    private static PersistedDocument NotInList() =>
        PersistedDocument.Refused("Only trusted documents execute here; this document is not in the list.", NotInListCode);

    // {version: 1, sha256Hash: "<hex>"} → the id as sent (a trusted list may use ids of its own); null when malformed.
    private static string? ReadId(object? persistedQuery) =>
        persistedQuery is IDictionary<string, object?> map
        && map.TryGetValue("version", out var version) && version is int or long or decimal or double && Convert.ToDecimal(version, System.Globalization.CultureInfo.InvariantCulture) == 1
        && map.TryGetValue("sha256Hash", out var value) && value is string hash && DocumentHash.IsWellFormedId(hash)
            ? hash
            : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The persisted document store failed; answering as if the document were unknown")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception);

    public void Dispose() => _remembered.Dispose();
}
