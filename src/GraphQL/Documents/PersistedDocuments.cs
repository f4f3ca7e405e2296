using System.Globalization;
using GraphQL;
using Microsoft.Extensions.Logging;

namespace DqPlatform.GraphQL.Documents;

/// <summary>
/// The document a request executes, under Apollo's automatic persisted queries
/// (<c>extensions.persistedQuery: {version: 1, sha256Hash}</c>) and the trusted documents mode: a hash alone is looked up
/// (the trusted list, then this node's memory and the shared <see cref="IPersistedDocumentStore"/>) and answers
/// <see cref="NotFoundCode"/> when unknown, so the client sends it again with its text; text with a hash must hash to
/// it and is registered once it has validated (<see cref="RegisterAsync"/>), as Apollo Server does, so no malformed
/// document is ever kept.
/// </summary>
public sealed class PersistedDocuments(
    PersistedDocumentOptions options, TrustedDocumentList trusted, ILogger<PersistedDocuments> logger, IPersistedDocumentStore? store = null)
    : IDisposable
{
    /// <summary>An unknown hash: Apollo's links recognise this code (and the message) and retry with the text.</summary>
    public const string NotFoundCode = "PERSISTED_QUERY_NOT_FOUND";

    /// <summary>A document the trusted documents mode does not accept (Apollo Router's name for it).</summary>
    public const string NotInListCode = "PERSISTED_QUERY_NOT_IN_LIST";

    public const string BadRequestCode = "BAD_REQUEST";

    private readonly DocumentMemory _memory = new(logger, store);

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
                : PersistedDocument.Of(query, _memory.Knows(hash) || query.Length > options.MaxRegisteredDocumentLength ? null : hash);
        }

        if (trusted.Find(id) is { } listed)
        {
            return PersistedDocument.Of(listed);
        }

        return options.TrustedDocumentsOnly ? NotInList()
            : await _memory.FindAsync(hash, cancellationToken) is { } found ? PersistedDocument.Of(found)
            : PersistedDocument.Refused("PersistedQueryNotFound", NotFoundCode);
    }

    /// <summary>Keeps a document that validated (see <see cref="PersistedDocument.HashToRegister"/>) for every node.</summary>
    public ValueTask RegisterAsync(PersistedDocument document, CancellationToken cancellationToken) =>
        document is { HashToRegister: { } hash, Query: { } query } ? _memory.SaveAsync(hash, query, cancellationToken) : ValueTask.CompletedTask;

    private static PersistedDocument NotInList() =>
        PersistedDocument.Refused("Only trusted documents execute here; this document is not in the list.", NotInListCode);

    // {version: 1, sha256Hash: "<hex>"} → the id as sent (a trusted list may use ids of its own); null when malformed.
    private static string? ReadId(object? persistedQuery) =>
        persistedQuery is IDictionary<string, object?> map
        && map.TryGetValue("version", out var version) && version is int or long or decimal or double
        && Convert.ToDecimal(version, CultureInfo.InvariantCulture) == 1
        && map.TryGetValue("sha256Hash", out var value) && value is string id && DocumentHash.IsWellFormedId(id)
            ? id
            : null;

    public void Dispose() => _memory.Dispose();
}
