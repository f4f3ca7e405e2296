using System.Linq.Expressions;
using DqPlatform.GraphQL.Lists.Filtering;
using DqPlatform.GraphQL.Lists.Sorting;

namespace DqPlatform.GraphQL.Lists.Paging;

/// <summary>
/// "Rows after this cursor" for any sort: (k1 after v1) OR (k1 = v1 AND k2 after v2) OR …, with PostgreSQL's NULL
/// placement (last when ascending, first when descending) so nullable sort columns page correctly too.
/// </summary>
internal static class KeysetPredicate
{
    public static Expression<Func<T, bool>> After<T>(IReadOnlyList<SortKey> keys, object?[] values)
    {
        var row = Expression.Parameter(typeof(T), "e");
        Expression? result = null;
        Expression? equalSoFar = null;
        for (var i = 0; i < keys.Count; i++)
        {
            var column = ParameterReplacer.Body(keys[i].Column, row);
            var step = AfterOne(column, values[i], keys[i].Descending);
            var branch = equalSoFar is null ? step : Expression.AndAlso(equalSoFar, step);
            result = result is null ? branch : Expression.OrElse(result, branch);
            var equal = EqualOne(column, values[i]);
            equalSoFar = equalSoFar is null ? equal : Expression.AndAlso(equalSoFar, equal);
        }

        return Expression.Lambda<Func<T, bool>>(result ?? Expression.Constant(true), row);
    }

    private static Expression AfterOne(Expression column, object? value, bool descending)
    {
        var nullable = !column.Type.IsValueType || Nullable.GetUnderlyingType(column.Type) is not null;
        var isNull = nullable ? Expression.Equal(column, Expression.Constant(null, column.Type)) : null;
        if (value is null)
        {
            // Ascending: NULLs come last, nothing follows them. Descending: NULLs come first, every value follows.
            return descending && isNull is not null ? Expression.Not(isNull) : Expression.Constant(false);
        }

        var beyond = Comparisons.Build(column, value, descending ? ExpressionType.LessThan : ExpressionType.GreaterThan);
        return !descending && isNull is not null ? Expression.OrElse(beyond, isNull) : beyond;
    }

    private static Expression EqualOne(Expression column, object? value) => value is null
        ? Expression.Equal(column, Expression.Constant(null, column.Type))
        : Expression.Equal(column, Parameterized.Value(value, column.Type));
}
