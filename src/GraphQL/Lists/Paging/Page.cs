namespace DqPlatform.GraphQL.Lists.Paging;

/// <summary>One page of a list in Relay's shape. <see cref="TotalCount"/> runs its COUNT only when asked for.</summary>
public sealed class Page<T>(IReadOnlyList<Edge<T>> edges, PageInfo pageInfo, Func<CancellationToken, Task<int>> totalCount)
{
    public IReadOnlyList<Edge<T>> Edges { get; } = edges;
    public IReadOnlyList<T> Nodes => field ??= Edges.Select(e => e.Node).ToList();
    public PageInfo PageInfo { get; } = pageInfo;

    public Task<int> TotalCountAsync(CancellationToken cancellationToken) => totalCount(cancellationToken);
}
