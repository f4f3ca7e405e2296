namespace DqPlatform.Api.Schema;

/// <summary><c>Dqp:GraphQL</c>: query depth and cost limits, and whether introspection is on.</summary>
public sealed class GraphQLLimits
{
    public int MaxDepth { get; set; } = 15;
    public int MaxComplexity { get; set; } = 50_000;
    public bool Introspection { get; set; } = true;
}
