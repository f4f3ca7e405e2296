using GraphQL;
using GraphQL.Types;
using GraphQL.Validation.Complexity;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.GraphQL.Relay;

/// <summary>Relay's root fields <c>node(id:)</c> and <c>nodes(ids:)</c>, answered by the <see cref="NodeRegistry"/> service.</summary>
public static class NodeFields
{
    public static void AddNodeFields(this ObjectGraphType query)
    {
        query.Field<NodeInterface>("node").Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await Registry(c).FindAsync(c.RequestServices!, c.GetArgument<string>("id"), c.CancellationToken));
        query.Field<NonNullGraphType<ListGraphType<NodeInterface>>>("nodes").Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("ids")
            .Description($"Refetches up to {NodeRegistry.MaxIds} objects by global id, in the order given (null for ids this key cannot see).")
            // Priced like a page of as many rows as ids: the selection under it counts once per id.
            .WithComplexityImpact(ctx => new FieldComplexityResult(1,
                ctx.Arguments?.TryGetValue("ids", out var ids) == true && ids.Value is System.Collections.ICollection list ? Math.Max(1, list.Count) : NodeRegistry.MaxIds))
            .ResolveAsync(async c => await Registry(c).FindManyAsync(c.RequestServices!, c.GetArgument<List<string>>("ids"), c.CancellationToken));
    }

    private static NodeRegistry Registry(IResolveFieldContext context) => context.RequestServices!.GetRequiredService<NodeRegistry>();
}
