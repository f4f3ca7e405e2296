using System.Linq.Expressions;
using System.Reflection;
using DqPlatform.GraphQL.Lists.Projection;
using DqPlatform.GraphQL.Lists.Sorting;
using GraphQL;

namespace DqPlatform.GraphQL.Lists;

/// <summary>
/// The filter and sort vocabulary of one entity's lists: which columns can be filtered and sorted, the default order,
/// and the unique key that ends every order so keyset cursors are unambiguous.
/// </summary>
public sealed class ListSpec<T>
{
    private readonly List<ListField> _fields = [];
    private readonly PageShapes<T> _shapes;

    public ListSpec(string typeName, LambdaExpression uniqueKey)
    {
        TypeName = typeName;
        UniqueKey = uniqueKey;
        _shapes = new PageShapes<T>(typeName);
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
        _fields.Add(new ListField("id", column, FieldKind.GlobalId, Sortable: false, NodeTypeNames: [TypeName]));
        return this;
    }

    /// <summary>
    /// A column holding the uuid of another object (<c>checkId</c>): filtered with that object's global id, of one of
    /// <paramref name="nodeTypeNames"/>, decoded once per request so SQL compares uuids. Sorting groups rows by it.
    /// </summary>
    public ListSpec<T> Reference<TValue>(string name, Expression<Func<T, TValue>> column, params string[] nodeTypeNames)
    {
        if ((Nullable.GetUnderlyingType(typeof(TValue)) ?? typeof(TValue)) != typeof(Guid) || nodeTypeNames.Length == 0)
        {
            throw new ArgumentException("A reference is a uuid column of at least one node type.", nameof(column));
        }

        _fields.Add(new ListField(name, column, FieldKind.GlobalId, Sortable: true, NodeTypeNames: nodeTypeNames));
        return this;
    }

    /// <summary>
    /// A text column holding one of a fixed set of values, filtered with the values of <typeparamref name="TEnum"/>
    /// (an enum whose values stand for the stored texts).
    /// </summary>
    public ListSpec<T> Enum<TEnum>(string name, Expression<Func<T, string?>> column)
        where TEnum : Enums.TextEnumGraphType
    {
        _fields.Add(new ListField(name, column, FieldKind.Enum, Sortable: true, EnumGraphType: typeof(TEnum)));
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

        _shapes.Preloads.Add((selectionPath, chain));
        return this;
    }

    /// <summary>
    /// When a page's selection asks for <paramref name="selectionPath"/> (e.g. <c>latestResult</c>), fill
    /// <paramref name="property"/> with the first row of <paramref name="lookup"/> (given the page's row and the
    /// related table) in the page's own statement, as a lateral join, instead of through a batch loader. For pointers
    /// that are not relationships the model knows; <paramref name="lookup"/> must confine itself to the row's own
    /// rows (its tenant).
    /// </summary>
    public ListSpec<T> PreloadLookup<TRelated>(
        string selectionPath, Expression<Func<T, TRelated?>> property, Expression<Func<T, IQueryable<TRelated>, TRelated?>> lookup)
        where TRelated : class
    {
        var member = property.Body is MemberExpression { Member: PropertyInfo p } ? p : throw new ArgumentException("A property is expected.", nameof(property));
        _shapes.Lookups.Add(new PreloadProjection.Lookup(selectionPath, member, lookup));
        return this;
    }

    /// <summary>
    /// The page's rows as <paramref name="listField"/>'s selection needs them (see <see cref="PageShapes{T}"/>): the
    /// selected preloads and lookups, and only the columns the selected fields read.
    /// </summary>
    public IQueryable<T> Shape(IQueryable<T> page, IResolveFieldContext listField, IReadOnlyList<SortKey> order) =>
        _shapes.Shape(page, listField, order);
}
