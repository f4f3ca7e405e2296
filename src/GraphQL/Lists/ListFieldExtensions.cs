using DqPlatform.GraphQL.Errors;
using DqPlatform.GraphQL.Lists.Filtering;
using DqPlatform.GraphQL.Lists.Paging;
using DqPlatform.GraphQL.Lists.Sorting;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.GraphQL.Lists;

/// <summary>The entry point of every list: a field over a query, with filtering, sorting and paging.</summary>
public static class ListFieldExtensions
{
    /// <summary>
    /// Adds a paged, filterable, sortable list field (<c>first after last before where order</c>) over a query the
    /// caller has already confined to its tenant. Filter, order and page all become one SQL statement. The list's
    /// vocabulary is the <see cref="ListSpec{T}"/> registered as a service.
    /// </summary>
    public static FieldBuilder<TSource, object> ListField<TSource, TNodeGraph, T>(
        this ObjectGraphType<TSource> type, string name, Func<IResolveFieldContext<TSource>, IQueryable<T>> source)
        where TNodeGraph : IGraphType
        where T : class =>
        type.Field<NonNullGraphType<PageGraphType<TNodeGraph, T>>>(name)
            .Argument<IntGraphType>("first", "Rows from the start (or after `after`); default 25, at most 100.")
            .Argument<StringGraphType>("after")
            .Argument<IntGraphType>("last", "Rows from the end (or before `before`); at most 100.")
            .Argument<StringGraphType>("before")
            .Argument<FilterInputGraphType<T>>("where")
            .Argument<ListGraphType<NonNullGraphType<SortInputGraphType<T>>>>("order")
            .ResolveAsync(async context =>
            {
                var services = context.RequestServices!;
                var spec = services.GetRequiredService<ListSpec<T>>();
                var where = context.GetArgument<Dictionary<string, object?>?>("where");
                var order = context.GetArgument<List<Dictionary<string, object?>>?>("order");
                var args = new PageArguments(
                    context.GetArgument<int?>("first"), context.GetArgument<string?>("after"),
                    context.GetArgument<int?>("last"), context.GetArgument<string?>("before"));
                try
                {
                    var filtered = FilterTranslator.Apply(source(context), spec, where);
                    var keys = SortTranslator.Keys(spec, order?.Cast<IDictionary<string, object?>>());
                    return await Paginator.PageAsync(filtered, keys, args, context.CancellationToken, page => spec.Shape(page, context, keys),
                        services.GetService<PageSizeLiteral>());
                }
                catch (InvalidArgumentException e)
                {
                    throw ClientErrors.Reported(services, e);
                }
                catch (InvalidGlobalIdException e)
                {
                    throw ClientErrors.Reported(services, e);
                }
            });
}
