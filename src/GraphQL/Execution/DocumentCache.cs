using GraphQL;
using GraphQL.DI;
using GraphQL.Validation;
using GraphQL.Validation.Rules.Custom;
using GraphQLParser.AST;
using Microsoft.Extensions.Caching.Memory;

namespace DqPlatform.GraphQL.Execution;

/// <summary>
/// Parsed and validated documents by query text. Dashboards send the same few documents over and over; a cached one
/// skips parsing and the document-only validation rules, while the complexity analysis (which depends on the
/// variables, e.g. <c>first: $n</c>) and variable coercion still run on every request that has variables. A document
/// with one operation and no variables costs what it cost when it was first priced, so it is not priced again.
/// </summary>
/// <remarks>
/// Validation here depends on the document and the schema only (scopes are checked by resolvers), so one validated
/// document serves every caller. Entries are bounded by total query length, so unique queries cannot grow it without
/// limit.
/// </remarks>
public sealed class DocumentCache : IConfigureExecution, IDisposable
{
    // About 5-10 MB of parsed documents: a dashboard's few documents stay, a flood of unique ones just cycles.
    private const long MaxTotalQueryChars = 256 * 1024;
    private readonly MemoryCache _documents = new(new MemoryCacheOptions { SizeLimit = MaxTotalQueryChars });

    // After the options are configured (validation rules, complexity), like GraphQL.NET's own document cache.
    public float SortOrder => 200;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        if (options.Document is not null || options.Query is not { } query)
        {
            return await next(options);
        }

        if (_documents.TryGetValue(query, out CachedDocument? cached))
        {
            options.Document = cached!.Document;
            options.ValidationRules = RulesForCachedDocument(options, cached.PricedOnce);
            return await next(options);
        }

        var result = await next(options);
        if (result is { Executed: true, Document: { } document })
        {
            _documents.Set(query, new CachedDocument(document, IsPricedOnce(document)),
                new MemoryCacheEntryOptions { Size = query.Length, SlidingExpiration = TimeSpan.FromHours(1) });
        }

        return result;
    }

    private static List<IValidationRule> RulesForCachedDocument(ExecutionOptions options, bool pricedOnce) =>
        [.. (options.CachedDocumentValidationRules ?? [])
            .Concat(pricedOnce ? [] : options.ValidationRules?.OfType<ComplexityValidationRule>() ?? [])
            .Distinct()];

    // One operation (so the operation name cannot pick another) and no variables: its complexity is fixed.
    private static bool IsPricedOnce(GraphQLDocument document) =>
        document.Definitions.OfType<GraphQLOperationDefinition>().ToList() is [{ Variables: null or { Count: 0 } }];

    private sealed record CachedDocument(GraphQLDocument Document, bool PricedOnce);

    public bool Contains(string query) => _documents.TryGetValue(query, out _);

    public void Dispose() => _documents.Dispose();
}
