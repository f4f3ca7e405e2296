using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;

namespace DqPlatform.Api.GraphQL.Filtering;

/// <summary>
/// The filter and sort vocabulary of one entity's lists: which columns can be filtered and sorted, the default order,
/// and the unique key that ends every order so keyset cursors are unambiguous.
/// </summary>
public sealed class ListSpec<T>
{
    private readonly List<ListField> _fields = [];
    private readonly List<(string Path, IReadOnlyList<PropertyInfo> Navigations)> _preloads = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Expression<Func<T, T>>> _projections = new();

    public ListSpec(string typeName, LambdaExpression uniqueKey)
    {
        TypeName = typeName;
        UniqueKey = uniqueKey;
    }

    public string TypeName { get; }
    public LambdaExpression UniqueKey { get; }
    public IReadOnlyList<ListField> Fields => _fields;
    public IReadOnlyList<SortKey> DefaultOrder { get; private set; } = [];

    public ListSpec<T> Field<TValue>(string name, Expression<Func<T, TValue>> column, bool sortable = true)
    {
        var type = Nullable.GetUnderlyingType(typeof(TValue)) ?? typeof(TValue);
        var kind = type == typeof(string) ? FieldKind.String
            : type == typeof(Guid) ? FieldKind.Uuid
            : type == typeof(bool) ? FieldKind.Boolean
            : type.IsEnum ? FieldKind.Enum
            : type == typeof(string[]) ? FieldKind.StringList
            : FieldKind.Comparable;
        _fields.Add(new ListField(name, column, kind, sortable && kind != FieldKind.StringList));
        return this;
    }

    /// <summary>The Relay <c>id</c>: filtered with global ids, which are decoded to the column's uuid.</summary>
    public ListSpec<T> GlobalId(Expression<Func<T, Guid>> column)
    {
        _fields.Add(new ListField("id", column, FieldKind.GlobalId, Sortable: false, NodeTypeName: TypeName));
        return this;
    }

    public ListSpec<T> OrderByDefault(params SortKey[] keys)
    {
        DefaultOrder = keys;
        return this;
    }

    public ListField? Find(string name) => _fields.Find(f => f.Name == name);

    /// <summary>
    /// When a page's selection asks for <paramref name="selectionPath"/> (e.g. <c>check.connection</c>), load the
    /// related row (<c>i => i.Check.Connection</c>) in the page's own SQL statement instead of one more round trip
    /// through a batch loader.
    /// </summary>
    public ListSpec<T> Preload<TRelated>(string selectionPath, Expression<Func<T, TRelated?>> navigation)
        where TRelated : class
    {
        var chain = new List<PropertyInfo>();
        for (var e = navigation.Body; e is not ParameterExpression; e = ((MemberExpression)e).Expression!)
        {
            chain.Insert(0, e is MemberExpression { Member: PropertyInfo p } ? p : throw new ArgumentException("A chain of navigation properties is expected.", nameof(navigation)));
        }

        _preloads.Add((selectionPath, chain));
        return this;
    }

    public IQueryable<T> ApplyPreloads(IQueryable<T> page, IReadOnlySet<string> selectedPaths)
    {
        var selected = _preloads.Where(p => selectedPaths.Contains(p.Path)).ToList();
        if (selected.Count == 0)
        {
            return page;
        }

        // One projection per set of preloads, built from the EF model the first time that set is asked for.
        var projection = _projections.GetOrAdd(string.Join('|', selected.Select(p => p.Path)),
            _ => PreloadProjection.For<T>(ModelOf(page), selected.ConvertAll(p => p.Navigations)));
        return page.Select(projection);
    }

    private static IModel ModelOf(IQueryable<T> query)
    {
        var e = query.Expression;
        while (e is MethodCallExpression call)
        {
            e = call.Arguments[0];
        }

        return (e as EntityQueryRootExpression)?.EntityType.Model
            ?? throw new InvalidOperationException("Preloads apply to EF Core queries only.");
    }
}

/// <summary>One step of an ORDER BY.</summary>
public sealed record SortKey(LambdaExpression Column, bool Descending)
{
    public static SortKey Asc<T, TValue>(Expression<Func<T, TValue>> column) => new(column, false);

    public static SortKey Desc<T, TValue>(Expression<Func<T, TValue>> column) => new(column, true);
}
