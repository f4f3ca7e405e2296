namespace DqPlatform.GraphQL.Lists.Paging;

/// <summary>An edge; its cursor is encoded only when a client asks for it.</summary>
public sealed class Edge<T>(Func<T, string> cursorOf, T node)
{
    private string? _cursor;

    public string Cursor => _cursor ??= cursorOf(Node);
    public T Node { get; } = node;
}
