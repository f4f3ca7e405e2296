namespace DqPlatform.GraphQL.Lists.Paging;

/// <summary>Relay's page info: whether more rows lie either way, and the cursors of the page's first and last rows.</summary>
public sealed record PageInfo(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor);
