namespace DqPlatform.GraphQL.Lists.Paging;

/// <summary>A node graph type's GraphQL name by convention: the class name without "GraphType".</summary>
public static class NodeNames
{
    public static string Of<TNodeGraph>() => typeof(TNodeGraph).Name.Replace("GraphType", "", StringComparison.Ordinal);
}
