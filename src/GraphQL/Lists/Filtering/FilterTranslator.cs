using System.Linq.Expressions;
using System.Reflection;
using DqPlatform.GraphQL.Errors;
using DqPlatform.GraphQL.Relay;

namespace DqPlatform.GraphQL.Lists.Filtering;

/// <summary>
/// Turns a <c>where:</c> argument (HotChocolate's shape: fields with operations, combined with <c>and</c>/<c>or</c>)
/// into an expression EF Core translates to SQL. Nothing is ever filtered in memory.
/// </summary>
public static class FilterTranslator
{
    private static readonly MethodInfo StringContains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;
    private static readonly MethodInfo StringStartsWith = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;
    private static readonly MethodInfo StringEndsWith = typeof(string).GetMethod(nameof(string.EndsWith), [typeof(string)])!;
    private static readonly MethodInfo AnyWithPredicate = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Any) && m.GetParameters().Length == 2).MakeGenericMethod(typeof(string));
    private static readonly MethodInfo AnyElementOf = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Any) && m.GetParameters().Length == 1).MakeGenericMethod(typeof(string));
    private static readonly MethodInfo AllOf = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.All)).MakeGenericMethod(typeof(string));

    /// <summary>
    /// <see cref="Apply{T}"/> for a field other than a list (a count over the list's filter): a value the filter refuses
    /// is the client's mistake, reported as the lists report it.
    /// </summary>
    public static IQueryable<T> ApplyFor<T>(IServiceProvider? services, IQueryable<T> source, ListSpec<T> spec, IDictionary<string, object?>? where)
    {
        try
        {
            return Apply(source, spec, where);
        }
        catch (InvalidArgumentException e)
        {
            throw ClientErrors.Reported(services, e);
        }
        catch (InvalidGlobalIdException e)
        {
            throw ClientErrors.Reported(services, e);
        }
    }

    public static IQueryable<T> Apply<T>(IQueryable<T> source, ListSpec<T> spec, IDictionary<string, object?>? where)
    {
        if (where is null || where.Count == 0)
        {
            return source;
        }

        var parameter = Expression.Parameter(typeof(T), "e");
        var body = Object(spec, parameter, where);
        return source.Where(Expression.Lambda<Func<T, bool>>(body, parameter));
    }

    private static Expression Object<T>(ListSpec<T> spec, ParameterExpression parameter, IDictionary<string, object?> filter)
    {
        var parts = new List<Expression>();
        foreach (var (name, value) in filter)
        {
            if (value is null)
            {
                continue;
            }

            parts.Add(name switch
            {
                "and" => All(Items(value).Select(v => Object(spec, parameter, v)), Expression.AndAlso, true),
                "or" => All(Items(value).Select(v => Object(spec, parameter, v)), Expression.OrElse, false),
                _ => Field(spec.Find(name) ?? throw new InvalidArgumentException($"'{name}' cannot be filtered.", name),
                    ParameterReplacer.Body(spec.Find(name)!.Expression, parameter), (IDictionary<string, object?>)value),
            });
        }

        return All(parts, Expression.AndAlso, true);
    }

    private static Expression Field(ListField field, Expression column, IDictionary<string, object?> operations)
    {
        var parts = new List<Expression>();
        foreach (var (op, value) in operations)
        {
            parts.Add(op switch
            {
                "and" => All(Items(value).Select(v => Field(field, column, v)), Expression.AndAlso, true),
                "or" => All(Items(value).Select(v => Field(field, column, v)), Expression.OrElse, false),
                "eq" => Equal(field, column, value),
                "neq" => Expression.Not(Equal(field, column, value)),
                "in" => In(field, column, value),
                "nin" => Expression.Not(In(field, column, value)),
                "gt" => Compare(column, value, ExpressionType.GreaterThan),
                "ngt" => Expression.Not(Compare(column, value, ExpressionType.GreaterThan)),
                "gte" => Compare(column, value, ExpressionType.GreaterThanOrEqual),
                "ngte" => Expression.Not(Compare(column, value, ExpressionType.GreaterThanOrEqual)),
                "lt" => Compare(column, value, ExpressionType.LessThan),
                "nlt" => Expression.Not(Compare(column, value, ExpressionType.LessThan)),
                "lte" => Compare(column, value, ExpressionType.LessThanOrEqual),
                "nlte" => Expression.Not(Compare(column, value, ExpressionType.LessThanOrEqual)),
                "contains" => Text(column, StringContains, value),
                "ncontains" => Expression.Not(Text(column, StringContains, value)),
                "startsWith" => Text(column, StringStartsWith, value),
                "nstartsWith" => Expression.Not(Text(column, StringStartsWith, value)),
                "endsWith" => Text(column, StringEndsWith, value),
                "nendsWith" => Expression.Not(Text(column, StringEndsWith, value)),
                "some" or "all" or "none" => ListOperation(column, op, (IDictionary<string, object?>)value!),
                "any" => AnyElement(column, value),
                _ => throw new InvalidArgumentException($"Unknown filter operation '{op}'.", op),
            });
        }

        return All(parts, Expression.AndAlso, true);
    }

    private static Expression Equal(ListField field, Expression column, object? value)
    {
        if (value is not null)
        {
            return Expression.Equal(column, Parameterized.Value(Decode(field, value), column.Type));
        }

        var nullable = !column.Type.IsValueType || Nullable.GetUnderlyingType(column.Type) is not null;
        return nullable ? Expression.Equal(column, Expression.Constant(null, column.Type)) : Expression.Constant(false);
    }

    private static Expression In(ListField field, Expression column, object? value) =>
        Comparisons.In(column, Items<object?>(value).Select(v => Decode(field, v)));

    private static Expression Compare(Expression column, object? value, ExpressionType comparison) =>
        value is null ? throw new InvalidArgumentException("Comparisons need a value, not null.") : Comparisons.Build(column, value, comparison);

    private static Expression Text(Expression column, MethodInfo method, object? value) =>
        value is null ? throw new InvalidArgumentException("Text operations need a value, not null.")
            : Expression.AndAlso(Expression.NotEqual(column, Expression.Constant(null, typeof(string))),
                Expression.Call(column, method, Parameterized.Value(value, typeof(string))));

    private static Expression ListOperation(Expression column, string op, IDictionary<string, object?> elementFilter)
    {
        var element = Expression.Parameter(typeof(string), "x");
        var elementField = new ListField("element", Expression.Lambda(element, element), FieldKind.String, false);
        var predicate = Expression.Lambda<Func<string, bool>>(Field(elementField, element, elementFilter), element);
        return op switch
        {
            "some" => Expression.Call(AnyWithPredicate, column, predicate),
            "none" => Expression.Not(Expression.Call(AnyWithPredicate, column, predicate)),
            _ => Expression.Call(AllOf, column, predicate),
        };
    }

    private static Expression AnyElement(Expression column, object? value)
    {
        Expression hasElements = Expression.Call(AnyElementOf, column);
        return value is false ? Expression.Not(hasElements) : hasElements;
    }

    // Global ids arrive as opaque strings and are decoded here, once per value, so SQL compares uuids; a raw uuid or
    // another type's id is refused rather than matching nothing, so a client that mixed up its ids finds out.
    private static object? Decode(ListField field, object? value) =>
        field.Kind == FieldKind.GlobalId && value is string s ? GlobalId.Require(s, field.NodeTypeNames!, field.Name) : value;

    private static IEnumerable<IDictionary<string, object?>> Items(object? value) => Items<IDictionary<string, object?>>(value);

    private static IEnumerable<TItem> Items<TItem>(object? value) => value switch
    {
        null => [],
        IEnumerable<object?> list => list.Cast<TItem>(),
        TItem single => [single],
        _ => throw new InvalidArgumentException("Expected a list."),
    };

    private static Expression All(IEnumerable<Expression> parts, Func<Expression, Expression, BinaryExpression> combine, bool empty)
    {
        Expression? result = null;
        foreach (var part in parts)
        {
            result = result is null ? part : combine(result, part);
        }

        return result ?? Expression.Constant(empty);
    }
}
