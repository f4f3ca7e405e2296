using GraphQL.Validation;
using GraphQLParser.AST;

namespace DqPlatform.GraphQL.Validation;

/// <summary>
/// Introspection is bounded by rules of its own, as HotChocolate bounds it, instead of by the data complexity budget
/// (which refused the standard introspection query every tool sends). Within one path, <c>fields</c>,
/// <c>inputFields</c>, <c>interfaces</c>, <c>possibleTypes</c> and <c>args</c> may each appear once and <c>ofType</c>
/// at most <see cref="MaxOfTypeDepth"/> times; an operation may ask for <c>__schema</c> and <c>__type</c> only a few
/// times, for at most <see cref="MaxLists"/> lists (aliases side by side answer the whole list each time) and
/// <see cref="MaxSelections"/> selections with its fragments expanded (fragments that spread fragments twice would
/// cost this walk, and the engine, twice per level). The standard query with every option fits many times over
/// (9 lists, about 300 selections); a query that walks the type graph in circles or repeats it does not.
/// </summary>
public sealed class IntrospectionLimits : ValidationRuleBase
{
    public const int MaxOfTypeDepth = 16;
    public const int MaxSchemaFields = 2;
    public const int MaxTypeFields = 20;
    public const int MaxLists = 40;
    public const int MaxSelections = 5_000;

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        if (context.Operation is { } operation)
        {
            var fragments = context.Document.Definitions.OfType<GraphQLFragmentDefinition>()
                .GroupBy(f => f.FragmentName.Name.StringValue).ToDictionary(g => g.Key, g => g.First());
            new IntrospectionWalk(context, fragments).Visit(operation.SelectionSet, inIntrospection: false, new Dictionary<string, int>(StringComparer.Ordinal), []);
        }

        return default;
    }
}
