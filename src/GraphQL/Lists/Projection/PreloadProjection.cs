using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;

namespace DqPlatform.GraphQL.Lists.Projection;

/// <summary>
/// The projection a list page is read through:
/// <c>i => new Incident { Id = i.Id, Severity = i.Severity, …, Check = new CheckDefinition { …, Connection = … } }</c>.
/// Related rows are loaded by projection in the page's own statement rather than with <c>Include</c>, whose per-row
/// fix-up measured at a quarter of a dashboard request's allocations. Each entity gets the columns its selected fields
/// read (<see cref="ColumnReads"/>) plus its key, or every mapped column when that is not known.
/// </summary>
internal static class PreloadProjection
{
    /// <summary>
    /// The projection that fills <paramref name="navigationChains"/> (each a path of navigation properties);
    /// <paramref name="columns"/> gives, per navigation path ("" for the page's own rows, "Check", "Check.Connection")
    /// and per lookup property ("LatestResult"), the properties to load, or null (or no entry) for all of them.
    /// </summary>
    public static Expression<Func<T, T>> For<T>(
        IModel model, IReadOnlyList<IReadOnlyList<PropertyInfo>> navigationChains, IReadOnlyDictionary<string, HashSet<string>?> columns,
        IReadOnlyList<Lookup> lookups)
    {
        var row = Expression.Parameter(typeof(T), "row");
        var entity = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity type.");
        var init = (MemberInitExpression)Build(entity, row, "", navigationChains, columns);
        if (lookups.Count > 0)
        {
            // The related table as a query root of its own, as EF Core writes one for a DbSet: the lookup becomes a
            // LEFT JOIN LATERAL (… LIMIT 1) of the page's statement.
            init = init.Update(init.NewExpression, init.Bindings.Concat(lookups.Select(l =>
            {
                var related = model.FindEntityType(l.Property.PropertyType) ?? throw new InvalidOperationException($"{l.Property.PropertyType.Name} is not an entity type.");
                var body = new ParameterReplacer(l.Query.Parameters[0], row).Visit(l.Query.Body);
                body = new ParameterReplacer(l.Query.Parameters[1], new EntityQueryRootExpression(related)).Visit(body);
                return (MemberBinding)Expression.Bind(l.Property, Narrowed(body, related, l.Property.Name, columns));
            })));
        }

        return Expression.Lambda<Func<T, T>>(init, row);
    }

    /// <summary>
    /// The projection with its lookups' tables attached to <paramref name="provider"/>: projections are shared by every
    /// request, but EF Core runs a query only when all its tables belong to the context that runs it.
    /// </summary>
    public static Expression<Func<T, T>> Attach<T>(Expression<Func<T, T>> projection, IAsyncQueryProvider provider) =>
        (Expression<Func<T, T>>)new DetachedRoots(provider).Visit(projection);

    private sealed class DetachedRoots(IAsyncQueryProvider provider) : ExpressionVisitor
    {
        protected override Expression VisitExtension(Expression node) =>
            node is EntityQueryRootExpression { QueryProvider: null } root
                ? new EntityQueryRootExpression(provider, root.EntityType)
                : base.VisitExtension(node);
    }

    /// <summary>
    /// A lookup (<c>rows.FirstOrDefault(r => …)</c>) that reads only the columns its selected fields need:
    /// <c>rows.Where(r => …).Select(r => new T { … }).FirstOrDefault()</c>. Any other shape is left as it is.
    /// </summary>
    private static Expression Narrowed(Expression lookup, IEntityType related, string path, IReadOnlyDictionary<string, HashSet<string>?> columns)
    {
        if (columns.GetValueOrDefault(path) is null
            || lookup is not MethodCallExpression { Method.Name: nameof(Queryable.FirstOrDefault) } call
            || call.Method.DeclaringType != typeof(Queryable) || call.Arguments.Count > 2)
        {
            return lookup;
        }

        var type = related.ClrType;
        var source = call.Arguments.Count == 2 ? Expression.Call(typeof(Queryable), nameof(Queryable.Where), [type], call.Arguments[0], call.Arguments[1]) : call.Arguments[0];
        var row = Expression.Parameter(type, "related");
        var projection = Expression.Lambda(Build(related, row, path, [], columns), row);
        var projected = Expression.Call(typeof(Queryable), nameof(Queryable.Select), [type, type], source, Expression.Quote(projection));
        return Expression.Call(typeof(Queryable), nameof(Queryable.FirstOrDefault), [type], projected);
    }

    /// <summary>A property filled by a query over another table (see <c>ListSpec.PreloadLookup</c>).</summary>
    public sealed record Lookup(string Path, PropertyInfo Property, LambdaExpression Query);

    private static Expression Build(
        IEntityType entity, Expression source, string path, IReadOnlyList<IReadOnlyList<PropertyInfo>> chains, IReadOnlyDictionary<string, HashSet<string>?> columns)
    {
        var wanted = columns.GetValueOrDefault(path);
        var mapped = entity.GetProperties().Where(p => p.PropertyInfo is { CanWrite: true }).ToList();
        if (wanted is not null && !wanted.All(name => mapped.Exists(p => p.Name == name) || entity.FindNavigation(name) is not null))
        {
            // A field reads something that is not a column (a computed property): its inputs are unknown.
            wanted = null;
        }

        var bindings = mapped
            .Where(p => wanted is null || wanted.Contains(p.Name) || p.IsPrimaryKey())
            .Select(p => (MemberBinding)Expression.Bind(p.PropertyInfo!, Expression.Property(source, p.PropertyInfo!)))
            .ToList();
        foreach (var group in chains.Where(c => c.Count > 0).GroupBy(c => c[0]))
        {
            var navigation = entity.FindNavigation(group.Key)
                ?? throw new InvalidOperationException($"{entity.ClrType.Name}.{group.Key.Name} is not a navigation.");
            if (navigation.IsCollection)
            {
                throw new NotSupportedException($"{entity.ClrType.Name}.{group.Key.Name}: only references are preloaded.");
            }

            var related = Expression.Property(source, group.Key);
            var relatedPath = path.Length == 0 ? group.Key.Name : path + "." + group.Key.Name;
            Expression value = Build(navigation.TargetEntityType, related, relatedPath, group.Select(c => (IReadOnlyList<PropertyInfo>)c.Skip(1).ToList()).ToList(), columns);
            if (!navigation.ForeignKey.IsRequired || !navigation.IsOnDependent)
            {
                value = Expression.Condition(Expression.Equal(related, Expression.Constant(null, related.Type)), Expression.Constant(null, related.Type), value);
            }

            bindings.Add(Expression.Bind(group.Key, value));
        }

        return Expression.MemberInit(Expression.New(entity.ClrType), bindings);
    }
}
