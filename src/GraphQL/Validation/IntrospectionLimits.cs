using GraphQL.Validation;
using GraphQLParser.AST;

namespace DqPlatform.GraphQL.Validation;

/// <summary>
/// Introspection is bounded by rules of its own, as HotChocolate bounds it, instead of by the data complexity budget
/// (which refused the standard introspection query every tool sends): within one path, <c>fields</c>,
/// <c>inputFields</c>, <c>interfaces</c>, <c>possibleTypes</c> and <c>args</c> may each appear once and <c>ofType</c>
/// at most <see cref="MaxOfTypeDepth"/> times, and an operation may ask for <c>__schema</c> and <c>__type</c> only a
/// few times. The standard query (with every option) fits; a query that walks the type graph in circles does not.
/// </summary>
public sealed class IntrospectionLimits : ValidationRuleBase
{
    public const int MaxOfTypeDepth = 16;
    public const int MaxSchemaFields = 2;
    public const int MaxTypeFields = 20;

    private static readonly HashSet<string> OncePerPath = new(StringComparer.Ordinal) { "fields", "inputFields", "interfaces", "possibleTypes", "args" };

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        if (context.Operation is { } operation)
        {
            var fragments = context.Document.Definitions.OfType<GraphQLFragmentDefinition>()
                .GroupBy(f => f.FragmentName.Name.StringValue).ToDictionary(g => g.Key, g => g.First());
            var walk = new Walk(context, fragments);
            walk.Visit(operation.SelectionSet, inIntrospection: false, new Dictionary<string, int>(StringComparer.Ordinal), []);
        }

        return default;
    }

    private sealed class Walk(ValidationContext context, Dictionary<string, GraphQLFragmentDefinition> fragments)
    {
        private int _schema;
        private int _type;
        private bool _reported;

        public void Visit(GraphQLSelectionSet? set, bool inIntrospection, Dictionary<string, int> path, HashSet<string> spreading)
        {
            foreach (var selection in set?.Selections ?? [])
            {
                if (_reported)
                {
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
            if (name == "__schema" && ++_schema > MaxSchemaFields)
            {
                Report(field, $"An operation may ask for __schema at most {MaxSchemaFields} times.");
                return;
            }

            if (name == "__type" && ++_type > MaxTypeFields)
            {
                Report(field, $"An operation may ask for __type at most {MaxTypeFields} times.");
                return;
            }

            inIntrospection |= name is "__schema" or "__type";
            if (!inIntrospection || field.SelectionSet is null)
            {
                if (field.SelectionSet is not null)
                {
                    Visit(field.SelectionSet, inIntrospection, path, spreading);
                }

                return;
            }

            var limit = name == "ofType" ? MaxOfTypeDepth : OncePerPath.Contains(name) ? 1 : int.MaxValue;
            path.TryGetValue(name, out var seen);
            if (seen + 1 > limit)
            {
                Report(field, $"Introspection may nest '{name}' at most {limit} time{(limit == 1 ? "" : "s")} in one path.");
                return;
            }

            path[name] = seen + 1;
            Visit(field.SelectionSet, inIntrospection, path, spreading);
            path[name] = seen;
        }

        private void Report(ASTNode node, string message)
        {
            _reported = true;
            context.ReportError(new ValidationError(context.Document.Source, "INTROSPECTION_LIMIT", message, node));
        }
    }
}
