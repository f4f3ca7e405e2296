using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;
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
    private readonly List<PreloadProjection.Lookup> _lookups = [];
    private readonly ConditionalWeakTable<GraphQLField, ConcurrentDictionary<string, PageShape>> _shapes = new();

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
        _lookups.Add(new PreloadProjection.Lookup(selectionPath, member, lookup));
        return this;
    }

    /// <summary>
    /// The page's rows as <paramref name="listField"/>'s selection needs them: the selected preloads and lookups, and
    /// only the columns the selected fields read (plus keys and the columns of <paramref name="order"/>, which cursors
    /// are made of). Worked out once per field of a parsed document and order: documents are cached, so a dashboard's
    /// request pays a table lookup.
    /// </summary>
    public IQueryable<T> Shape(IQueryable<T> page, IResolveFieldContext listField, IReadOnlyList<SortKey> order)
    {
        var byOrder = _shapes.GetValue(listField.FieldAst, static _ => new ConcurrentDictionary<string, PageShape>(StringComparer.Ordinal));
        var orderKey = string.Join(',', order.Select(k => ColumnOf(k.Column) ?? "?"));
        if (!byOrder.TryGetValue(orderKey, out var shape))
        {
            shape = ShapeFor(ModelOf(page), listField, CursorColumns(order));
            byOrder.TryAdd(orderKey, shape);
        }

        return shape.Projection is null ? page
            : page.Select(shape.HasLookups ? PreloadProjection.Attach(shape.Projection, (IAsyncQueryProvider)page.Provider) : shape.Projection);
    }

    private PageShape ShapeFor(IModel model, IResolveFieldContext listField, HashSet<string>? cursorColumns)
    {
        var rows = PageSelection.Rows(listField.FieldAst);
        var rowType = listField.Schema.AllTypes[TypeName] as IComplexGraphType
            ?? throw new InvalidOperationException($"{TypeName} is not an object type of the schema.");
        var columns = new Dictionary<string, HashSet<string>?>(StringComparer.Ordinal);
        var rowColumns = rows is null ? null : PageSelection.Reads(rowType, rows);
        columns[""] = rowColumns is null || cursorColumns is null ? null : [.. rowColumns, .. cursorColumns];

        var selectedPaths = SelectedPaths(listField.FieldAst);
        var preloads = _preloads.Where(p => selectedPaths.Contains(p.Path)).ToList();
        foreach (var (path, navigations) in preloads)
        {
            columns[string.Join('.', navigations.Select(n => n.Name))] = ReadsAt(rows, rowType, path);
        }

        var lookups = _lookups.Where(l => selectedPaths.Contains(l.Path)).ToList();
        foreach (var lookup in lookups)
        {
            columns[lookup.Property.Name] = ReadsAt(rows, rowType, lookup.Path);
        }

        return preloads.Count == 0 && lookups.Count == 0 && columns[""] is null
            ? new PageShape(null, HasLookups: false)
            : new PageShape(PreloadProjection.For<T>(model, preloads.ConvertAll(p => p.Navigations), columns, lookups), lookups.Count > 0);
    }

    /// <summary>The properties the fields selected at <paramref name="path"/> (<c>check.connection</c>) read, or null when unknown.</summary>
    private static HashSet<string>? ReadsAt(List<GraphQLSelectionSet>? rows, IComplexGraphType rowType, string path)
    {
        // Follow the path through the selection and the schema: check.connection is Check.Connection.
        var sets = rows;
        IComplexGraphType? type = rowType;
        foreach (var step in path.Split('.'))
        {
            type = type?.GetField(step)?.ResolvedType?.GetNamedType() as IComplexGraphType;
            sets = sets is null ? null : PageSelection.Children(sets, step);
        }

        return sets is null || type is null ? null : PageSelection.Reads(type, sets);
    }

    /// <summary>The columns of the page's order (which its cursors carry), or null if one is not a column.</summary>
    private static HashSet<string>? CursorColumns(IReadOnlyList<SortKey> order)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in order)
        {
            if (ColumnOf(key.Column) is not { } name)
            {
                return null;
            }

            names.Add(name);
        }

        return names;
    }

    /// <summary>The property a sort column reads (<c>i => i.FirstSeen</c>), or null when it is not a plain property.</summary>
    private static string? ColumnOf(LambdaExpression column)
    {
        var body = column.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : column.Body;
        return body is MemberExpression { Member: PropertyInfo property } member && member.Expression == column.Parameters[0] ? property.Name : null;
    }

    /// <summary>The object fields selected directly under <c>nodes</c> and <c>edges { node }</c>, as paths two levels deep.</summary>
    private static HashSet<string> SelectedPaths(GraphQLField listField)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in listField.SelectionSet?.Selections.OfType<GraphQLField>() ?? [])
        {
            var name = field.Name.StringValue;
            var node = name == "nodes" ? field
                : name == "edges" ? field.SelectionSet?.Selections.OfType<GraphQLField>().FirstOrDefault(f => f.Name.StringValue == "node")
                : null;
            foreach (var child in node?.SelectionSet?.Selections.OfType<GraphQLField>() ?? [])
            {
                var childName = child.Name.StringValue;
                paths.Add(childName);
                foreach (var grandChild in child.SelectionSet?.Selections.OfType<GraphQLField>() ?? [])
                {
                    paths.Add(childName + "." + grandChild.Name.StringValue);
                }
            }
        }

        return paths;
    }

    /// <summary>A page's projection (null: whole rows); with lookups, its tables must be attached to each request's context.</summary>
    private sealed record PageShape(Expression<Func<T, T>>? Projection, bool HasLookups);

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
