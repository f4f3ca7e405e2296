using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DqPlatform.Api.GraphQL.Filtering;

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
    /// <paramref name="columns"/> gives, per navigation path ("" for the page's own rows, "Check", "Check.Connection"),
    /// the properties to load, or null (or no entry) for all of them.
    /// </summary>
    public static Expression<Func<T, T>> For<T>(
        IModel model, IReadOnlyList<IReadOnlyList<PropertyInfo>> navigationChains, IReadOnlyDictionary<string, HashSet<string>?> columns)
    {
        var row = Expression.Parameter(typeof(T), "row");
        var entity = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity type.");
        return Expression.Lambda<Func<T, T>>(Build(entity, row, "", navigationChains, columns), row);
    }

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
