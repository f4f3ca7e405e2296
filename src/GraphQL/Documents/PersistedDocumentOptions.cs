namespace DqPlatform.GraphQL.Documents;

/// <summary>Persisted documents: the trusted document list, and whether only its documents may execute.</summary>
public sealed class PersistedDocumentOptions
{
    /// <summary>
    /// Only documents of the trusted list execute (sent by hash or as their exact text); any other text answers
    /// <see cref="PersistedDocuments.NotInListCode"/>, and clients cannot register documents.
    /// </summary>
    public bool TrustedDocumentsOnly { get; set; }

    /// <summary>
    /// A file with the trusted documents, in the format of Apollo's persisted query manifest
    /// (<c>@apollo/generate-persisted-query-manifest</c>): <c>{"format":"apollo-persisted-query-manifest","version":1,
    /// "operations":[{"id","name","type","body"}]}</c>. Its documents answer by id or hash in every mode.
    /// </summary>
    public string? TrustedDocumentsManifest { get; set; }

    /// <summary>
    /// The longest document text (in characters) that is registered; a longer one still executes when sent with its
    /// text, but is not kept, so no client can store megabytes (of comments, say) under one hash.
    /// </summary>
    public int MaxRegisteredDocumentLength { get; set; } = 64 * 1024;

    /// <summary>How long a shared store keeps an automatically persisted document after it was registered.</summary>
    public TimeSpan PersistedQueryTtl { get; set; } = TimeSpan.FromHours(24);
}
