using GraphQL.Types;

namespace DqPlatform.GraphQL.Lists.Paging;

/// <summary>
/// <c>{Type}Connection { pageInfo edges nodes totalCount }</c>, HotChocolate's shape: a page of a list. Called a page
/// in code, so it is not taken for a source database's connection; its GraphQL name keeps Relay's word.
/// </summary>
public sealed class PageGraphType<TNodeGraph, T> : ObjectGraphType<Page<T>>
    where TNodeGraph : IGraphType
{
    public PageGraphType()
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
