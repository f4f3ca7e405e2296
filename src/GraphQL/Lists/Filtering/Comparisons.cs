using System.Linq.Expressions;
using System.Reflection;

namespace DqPlatform.GraphQL.Lists.Filtering;

/// <summary>
/// Greater / less than for every column type in a form EF Core translates to SQL: operators for numbers and dates,
/// <c>string.Compare</c> and <c>CompareTo</c> for text and uuids, and for enums the set of labels on that side
/// (PostgreSQL enums order by declaration, which is the CLR order here).
/// </summary>
internal static class Comparisons
{
    private static readonly MethodInfo StringCompare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;
    private static readonly MethodInfo ContainsDefinition = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Contains) && m.GetParameters().Length == 2);

    // Reflection lookups are cached: they ran on every filtered request before, and showed up under load.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, MethodInfo> ContainsByType = new();

    public static Expression Build(Expression column, object value, ExpressionType comparison)
    {
        var valueType = Nullable.GetUnderlyingType(column.Type) ?? column.Type;
        if (valueType.IsEnum)
        {
            var pivot = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
            var matching = Enum.GetValues(valueType).Cast<object>()
                .Where(v => Matches(Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture).CompareTo(pivot), comparison))
                .ToArray();
            return In(column, matching);
        }

        if (valueType == typeof(string))
        {
            var compare = Expression.Call(StringCompare, column, Parameterized.Value(value, typeof(string)));
            return Expression.MakeBinary(comparison, compare, Expression.Constant(0));
        }

        if (valueType == typeof(Guid) || valueType == typeof(bool))
        {
            var compareTo = valueType.GetMethod(nameof(Guid.CompareTo), [valueType])!;
            var left = column.Type == valueType ? column : Expression.Property(column, "Value");
            var call = Expression.Call(left, compareTo, Parameterized.Value(value, valueType));
            return Expression.MakeBinary(comparison, call, Expression.Constant(0));
        }

        return Expression.MakeBinary(comparison, column, Parameterized.Value(value, column.Type));
    }

    public static Expression In(Expression column, IEnumerable<object?> values)
    {
        if (Parameterized.IsInlined(column.Type))
        {
            // Distinct and in declaration order, so one set of values is one statement whatever order it came in.
            var constants = values.Select(v => Parameterized.Convert(v, column.Type)).Distinct()
                .OrderBy(v => v is null ? long.MinValue : System.Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture))
                .Select(v => (Expression)Expression.Equal(column, Expression.Constant(v, column.Type)));
            // Equalities joined by OR, which EF Core writes as IN (…): an array of constants it would evaluate, by
            // compiling it, on every request.
            return constants.DefaultIfEmpty(Expression.Constant(false)).Aggregate(Expression.OrElse);
        }

        var typed = Array.CreateInstance(column.Type, values.Count());
        var i = 0;
        foreach (var v in values)
        {
            typed.SetValue(Parameterized.Convert(v, column.Type), i++);
        }

        var holder = Parameterized.Value(typed, typed.GetType());
        var contains = ContainsByType.GetOrAdd(column.Type, t => ContainsDefinition.MakeGenericMethod(t));
        return Expression.Call(contains, holder, column);
    }

    private static bool Matches(int order, ExpressionType comparison) => comparison switch
    {
        ExpressionType.GreaterThan => order > 0,
        ExpressionType.GreaterThanOrEqual => order >= 0,
        ExpressionType.LessThan => order < 0,
        ExpressionType.LessThanOrEqual => order <= 0,
        _ => throw new ArgumentOutOfRangeException(nameof(comparison)),
    };
}
