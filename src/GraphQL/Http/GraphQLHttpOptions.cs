namespace DqPlatform.GraphQL.Http;

/// <summary>GraphQL over HTTP's limits beyond the body size.</summary>
public sealed class GraphQLHttpOptions
{
    /// <summary>The most operations one batch (a JSON array body) may hold; more answers <c>BATCH_TOO_LARGE</c>.</summary>
    public int MaxBatchSize { get; set; } = 20;
}
