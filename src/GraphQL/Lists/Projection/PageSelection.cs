using GraphQL.Types;
using GraphQLParser.AST;

namespace DqPlatform.GraphQL.Lists.Projection;

/// <summary>
/// Reads a list field's selection for what each row needs: the selection sets of the rows and of their related
/// objects, and the entity properties those fields read. Anything this cannot see through (fragments, directives)
/// makes the answer null, "unknown", and the page then loads every column as before.
/// </summary>
internal static class PageSelection
{
    /// <summary>The rows' selection sets (<c>nodes { … }</c>, <c>edges { node { … } }</c>), or null when unknown.</summary>
    public static List<GraphQLSelectionSet>? Rows(GraphQLField listField)
    {
        var sets = new List<GraphQLSelectionSet>();
        foreach (var selection in listField.SelectionSet?.Selections ?? [])
        {
            if (selection is not GraphQLField field || field.Directives is { Count: > 0 })
            {
                return null;
            }

            var name = field.Name.StringValue;
            if (name == "nodes" && field.SelectionSet is { } nodes)
            {
                sets.Add(nodes);
            }
            else if (name == "edges")
            {
                var node = Children(field.SelectionSet is { } edge ? [edge] : [], "node");
                if (node is null)
                {
                    return null;
                }

                sets.AddRange(node);
            }
        }

        return sets;
    }

    /// <summary>The selection sets of the fields named <paramref name="name"/> in <paramref name="sets"/>, or null when unknown.</summary>
    public static List<GraphQLSelectionSet>? Children(IEnumerable<GraphQLSelectionSet> sets, string name)
    {
        var children = new List<GraphQLSelectionSet>();
        foreach (var selection in sets.SelectMany(s => s.Selections))
        {
            if (selection is not GraphQLField field || field.Directives is { Count: > 0 })
            {
                return null;
            }

            if (field.Name.StringValue == name && field.SelectionSet is { } set)
            {
                children.Add(set);
            }
        }

        return children;
    }

    /// <summary>The properties of <paramref name="type"/>'s source that the fields in <paramref name="sets"/> read, or null when unknown.</summary>
    public static HashSet<string>? Reads(IComplexGraphType type, IEnumerable<GraphQLSelectionSet> sets)
    {
        var reads = new HashSet<string>(StringComparer.Ordinal);
        foreach (var selection in sets.SelectMany(s => s.Selections))
        {
            if (selection is not GraphQLField field || field.Directives is { Count: > 0 })
            {
                return null;
            }

            var name = field.Name.StringValue;
            if (name == "__typename")
            {
                continue;
            }

            if (type.GetField(name) is not { } definition || ColumnReads.Of(definition) is not { } properties)
            {
                return null;
            }

            reads.UnionWith(properties);
        }

        return reads;
    }
}
