namespace DqPlatform.GraphQL.Lists.Sorting;

/// <summary>The direction of one <c>order:</c> entry (<c>ASC</c> / <c>DESC</c> through <see cref="SortEnumGraphType"/>).</summary>
public enum SortDirection
{
    Asc,
    Desc,
}
