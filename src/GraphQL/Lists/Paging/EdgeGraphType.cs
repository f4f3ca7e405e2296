using DqPlatform.GraphQL.Rendering;
using GraphQL.Types;

namespace DqPlatform.GraphQL.Lists.Paging;

/// <summary><c>{Type}Edge { cursor node }</c>: both read from the edge alone, so pages of edges render without the executor.</summary>
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
