using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using DqPlatform.GraphQL.Lists.Sorting;
using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;

namespace DqPlatform.GraphQL.Lists.Projection;

/// <summary>
/// The shapes a list's pages are read in: which related rows (<see cref="Preloads"/>, <see cref="Lookups"/>) and
/// columns each page loads, worked out from its field's selection and cached per field of a parsed document.
/// </summary>
internal sealed class PageShapes<T>(string typeName)
{
    private readonly ConditionalWeakTable<GraphQLField, ConcurrentDictionary<string, PageShape>> _shapes = new();

    /// <summary>Related rows loaded by navigation when their selection path is selected (<c>ListSpec.Preload</c>).</summary>
    public List<(string Path, IReadOnlyList<PropertyInfo> Navigations)> Preloads { get; } = [];

    /// <summary>Properties filled by a lateral lookup when their selection path is selected (<c>ListSpec.PreloadLookup</c>).</summary>
    public List<PreloadProjection.Lookup> Lookups { get; } = [];

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
        var rowType = listField.Schema.AllTypes[typeName] as IComplexGraphType
            ?? throw new InvalidOperationException($"{typeName} is not an object type of the schema.");
        var columns = new Dictionary<string, HashSet<string>?>(StringComparer.Ordinal);
        var rowColumns = rows is null ? null : PageSelection.Reads(rowType, rows);
        columns[""] = rowColumns is null || cursorColumns is null ? null : [.. rowColumns, .. cursorColumns];

        var selectedPaths = SelectedPaths(listField.FieldAst);
        var preloads = Preloads.Where(p => selectedPaths.Contains(p.Path)).ToList();
        foreach (var (path, navigations) in preloads)
        {
            columns[string.Join('.', navigations.Select(n => n.Name))] = ReadsAt(rows, rowType, path);
        }

        var lookups = Lookups.Where(l => selectedPaths.Contains(l.Path)).ToList();
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
