using DqPlatform.Api.GraphQL.Rendering;
using GraphQL.Types;

namespace DqPlatform.Api.GraphQL.Paging;

/// <summary><c>{Type}Connection { pageInfo edges nodes totalCount }</c>, HotChocolate's shape.</summary>
public sealed class ConnectionGraphType<TNodeGraph, T> : ObjectGraphType<Page<T>>
    where TNodeGraph : IGraphType
{
    public ConnectionGraphType()
    {
        Name = NodeNames.Of<TNodeGraph>() + "Connection";
        Description = "A page of a list. Cursors are keyset positions: they stay valid when rows are added before them.";
        Field<NonNullGraphType<PageInfoGraphType>>("pageInfo").Resolve(c => c.Source.PageInfo);
        Field<ListGraphType<NonNullGraphType<EdgeGraphType<TNodeGraph, T>>>>("edges").Resolve(c => c.Source.Edges);
        Field<ListGraphType<NonNullGraphType<TNodeGraph>>>("nodes").Resolve(c => c.Source.Nodes);
        Field<NonNullGraphType<IntGraphType>>("totalCount")
            .Description("All rows matching the filter, across pages (one extra COUNT, run only when asked for).")
            .ResolveAsync(async c => await c.Source.TotalCountAsync(c.CancellationToken));
    }
}

public sealed class EdgeGraphType<TNodeGraph, T> : ObjectGraphType<Edge<T>>
    where TNodeGraph : IGraphType
{
    public EdgeGraphType()
    {
        Name = NodeNames.Of<TNodeGraph>() + "Edge";
        Field<NonNullGraphType<StringGraphType>>("cursor").ResolveFromSource(e => e.Cursor);
        Field<NonNullGraphType<TNodeGraph>>("node").ResolveFromSource(e => e.Node);
    }
}

public sealed class PageInfoGraphType : ObjectGraphType<PageInfo>
{
    public PageInfoGraphType()
    {
        Name = "PageInfo";
        Field<NonNullGraphType<BooleanGraphType>>("hasNextPage").Resolve(c => c.Source.HasNextPage);
        Field<NonNullGraphType<BooleanGraphType>>("hasPreviousPage").Resolve(c => c.Source.HasPreviousPage);
        Field<StringGraphType>("startCursor").Resolve(c => c.Source.StartCursor);
        Field<StringGraphType>("endCursor").Resolve(c => c.Source.EndCursor);
    }
}

/// <summary>A node graph type's GraphQL name by convention: the class name without "GraphType".</summary>
public static class NodeNames
{
    public static string Of<TNodeGraph>() => typeof(TNodeGraph).Name.Replace("GraphType", "", StringComparison.Ordinal);
}
