namespace DqPlatform.Api.GraphQL.Paging;

/// <summary>One page of a list in Relay's shape. <see cref="TotalCount"/> runs its COUNT only when asked for.</summary>
public sealed class Page<T>(IReadOnlyList<Edge<T>> edges, PageInfo pageInfo, Func<CancellationToken, Task<int>> totalCount)
{
    public IReadOnlyList<Edge<T>> Edges { get; } = edges;
    public IReadOnlyList<T> Nodes => field ??= Edges.Select(e => e.Node).ToList();
    public PageInfo PageInfo { get; } = pageInfo;

    public Task<int> TotalCountAsync(CancellationToken cancellationToken) => totalCount(cancellationToken);
}

/// <summary>An edge; its cursor is encoded only when a client asks for it.</summary>
public sealed class Edge<T>(Func<T, string> cursorOf, T node)
{
    private string? _cursor;

    public string Cursor => _cursor ??= cursorOf(Node);
    public T Node { get; } = node;
}

public sealed record PageInfo(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor);
