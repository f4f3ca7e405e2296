using System.Linq.Expressions;

namespace DqPlatform.GraphQL.Lists.Sorting;

/// <summary>One step of an ORDER BY.</summary>
public sealed record SortKey(LambdaExpression Column, bool Descending)
{
    public static SortKey Asc<T, TValue>(Expression<Func<T, TValue>> column) => new(column, false);

    public static SortKey Desc<T, TValue>(Expression<Func<T, TValue>> column) => new(column, true);
}
