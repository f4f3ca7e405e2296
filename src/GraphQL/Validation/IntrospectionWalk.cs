using GraphQL.Validation;
using GraphQLParser.AST;

namespace DqPlatform.GraphQL.Validation;

/// <summary>
/// One operation's walk for <see cref="IntrospectionLimits"/>: the root selection set and, below
/// <c>__schema</c>/<c>__type</c>, the introspection, fragments expanded where they are spread; data fields are not
/// entered (the meta-fields exist only on the query root, and the data budget prices the rest). Stops at the first
/// limit passed.
/// </summary>
internal sealed class IntrospectionWalk(ValidationContext context, Dictionary<string, GraphQLFragmentDefinition> fragments)
{
    private static readonly HashSet<string> OncePerPath = new(StringComparer.Ordinal) { "fields", "inputFields", "interfaces", "possibleTypes", "args" };
    private static readonly HashSet<string> Lists = new(StringComparer.Ordinal) { "types", "directives", "fields", "inputFields", "interfaces", "possibleTypes", "args", "enumValues" };

    private int _schema;
    private int _type;
    private int _lists;
    private int _selections;
    private bool _reported;

    public void Visit(GraphQLSelectionSet? set, bool inIntrospection, Dictionary<string, int> path, HashSet<string> spreading)
    {
        foreach (var selection in set?.Selections ?? [])
        {
            if (_reported)
            {
                return;
            }

            if (++_selections > IntrospectionLimits.MaxSelections)
            {
                Report(selection, $"The query root and its introspection may make at most {IntrospectionLimits.MaxSelections} selections, fragments expanded.");
                return;
            }

            switch (selection)
            {
                case GraphQLField field:
                    VisitField(field, inIntrospection, path, spreading);
                    break;
                case GraphQLInlineFragment inline:
                    Visit(inline.SelectionSet, inIntrospection, path, spreading);
                    break;
                case GraphQLFragmentSpread spread when fragments.TryGetValue(spread.FragmentName.Name.StringValue, out var fragment)
                    && spreading.Add(fragment.FragmentName.Name.StringValue): // a cycle is another rule's error
                    Visit(fragment.SelectionSet, inIntrospection, path, spreading);
                    spreading.Remove(fragment.FragmentName.Name.StringValue);
                    break;
            }
        }
    }

    private void VisitField(GraphQLField field, bool inIntrospection, Dictionary<string, int> path, HashSet<string> spreading)
    {
        var name = field.Name.StringValue;
        if (!inIntrospection && name is not ("__schema" or "__type"))
        {
            return;
        }

        if (name == "__schema" && ++_schema > IntrospectionLimits.MaxSchemaFields)
        {
            Report(field, $"An operation may ask for __schema at most {IntrospectionLimits.MaxSchemaFields} times.");
            return;
        }

        if (name == "__type" && ++_type > IntrospectionLimits.MaxTypeFields)
        {
            Report(field, $"An operation may ask for __type at most {IntrospectionLimits.MaxTypeFields} times.");
            return;
        }

        if (field.SelectionSet is null)
        {
            return;
        }

        if (Lists.Contains(name) && ++_lists > IntrospectionLimits.MaxLists)
        {
            Report(field, $"Introspection may ask for at most {IntrospectionLimits.MaxLists} lists in one operation.");
            return;
        }

        var limit = name == "ofType" ? IntrospectionLimits.MaxOfTypeDepth : OncePerPath.Contains(name) ? 1 : int.MaxValue;
        path.TryGetValue(name, out var seen);
        if (seen + 1 > limit)
        {
            Report(field, $"Introspection may nest '{name}' at most {limit} time{(limit == 1 ? "" : "s")} in one path.");
            return;
        }

        path[name] = seen + 1;
        Visit(field.SelectionSet, inIntrospection: true, path, spreading);
        path[name] = seen;
    }

    private void Report(ASTNode node, string message)
    {
        _reported = true;
        context.ReportError(new ValidationError(context.Document.Source, "INTROSPECTION_LIMIT", message, node));
    }
}
