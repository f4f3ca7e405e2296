using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using DqPlatform.GraphQL.Lists.Sorting;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.GraphQL.Lists.Paging;

/// <summary>
/// Keyset (seek) paging over any filtered, ordered query: the cursor's values become a WHERE clause on the sort
/// columns, so page 10,000 reads what page 1 reads, and inserts before a cursor never shift the pages after it.
/// </summary>
public static class Paginator
{
    private static readonly ConcurrentDictionary<LambdaExpression, Delegate> CompiledKeys = new();
    private static readonly ConcurrentDictionary<(string, Type, Type), MethodInfo> OrderMethods = new();
    private static readonly MethodInfo TakeMethod = typeof(Queryable).GetMethods()
        .Single(m => m.Name == nameof(Queryable.Take) && m.GetParameters()[1].ParameterType == typeof(int));

    public static async Task<Page<T>> PageAsync<T>(
        IQueryable<T> filtered, IReadOnlyList<SortKey> order, PageArguments args, CancellationToken cancellationToken,
        Func<IQueryable<T>, IQueryable<T>>? shape = null, PageSizeLiteral? sizeLiteral = null)
        where T : class
    {
        var size = args.Size;
        var backward = args.Backward;
        var keys = backward ? order.Select(k => k with { Descending = !k.Descending }).ToList() : order;
        var cursor = backward ? args.Before : args.After;

        var query = filtered;
        if (cursor is not null)
        {
            query = query.Where(KeysetPredicate.After<T>(keys, Cursor.Decode(order, cursor)));
        }

        // Pages are read-only views: no change tracking. The page size goes into the SQL text (there are at most 100),
        // so that PostgreSQL settles on a generic plan for the prepared statement: with LIMIT as a parameter it guessed
        // a tenth of the rows, judged the generic plan dear, and planned every execution anew. A literal function of the
        // host's model (see PageSizeLiteral), not EF.Constant: the latter regenerates the SQL on every execution (see
        // PageStatementCacheTests).
        var ordered = OrderBy(query.AsNoTracking(), keys);
        Expression take = Expression.Constant(size + 1);
        var page = ordered.Provider.CreateQuery<T>(Expression.Call(TakeMethod.MakeGenericMethod(typeof(T)), ordered.Expression,
            sizeLiteral is null ? take : Expression.Call(sizeLiteral.Method, take)));
        var rows = await (shape is null ? page : shape(page)).ToListAsync(cancellationToken);
        var hasMore = rows.Count > size;
        if (hasMore)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        if (backward)
        {
            rows.Reverse();
        }

        var fingerprint = Cursor.Fingerprint(order);
        Func<T, string> cursorOf = r => Cursor.Encode(fingerprint, KeyValues(order, r));
        var edges = rows.ConvertAll(r => new Edge<T>(cursorOf, r));
        var pageInfo = new PageInfo(
            HasNextPage: backward ? args.Before is not null : hasMore,
            HasPreviousPage: backward ? hasMore : args.After is not null,
            StartCursor: edges.FirstOrDefault()?.Cursor,
            EndCursor: edges.LastOrDefault()?.Cursor);
        return new Page<T>(edges, pageInfo, ct => filtered.CountAsync(ct));
    }

    public static IOrderedQueryable<T> OrderBy<T>(IQueryable<T> source, IReadOnlyList<SortKey> keys)
    {
        var ordered = (IOrderedQueryable<T>)source;
        for (var i = 0; i < keys.Count; i++)
        {
            var method = (i, keys[i].Descending) switch
            {
                (0, false) => nameof(Queryable.OrderBy),
                (0, true) => nameof(Queryable.OrderByDescending),
                (_, false) => nameof(Queryable.ThenBy),
                (_, true) => nameof(Queryable.ThenByDescending),
            };
            var orderMethod = OrderMethods.GetOrAdd((method, typeof(T), keys[i].Column.ReturnType), k => typeof(Queryable).GetMethods()
                .Single(m => m.Name == k.Item1 && m.GetParameters().Length == 2).MakeGenericMethod(k.Item2, k.Item3));
            var call = Expression.Call(orderMethod, (i == 0 ? source : ordered).Expression, Expression.Quote(keys[i].Column));
            ordered = (IOrderedQueryable<T>)source.Provider.CreateQuery<T>(call);
        }

        return ordered;
    }

    private static object?[] KeyValues<T>(IReadOnlyList<SortKey> keys, T row)
    {
        var values = new object?[keys.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ((Func<T, object?>)CompiledKeys.GetOrAdd(keys[i].Column, Boxed<T>))(row);
        }

        return values;
    }

    private static Delegate Boxed<T>(LambdaExpression column) =>
        Expression.Lambda<Func<T, object?>>(Expression.Convert(column.Body, typeof(object)), column.Parameters).Compile();
}
