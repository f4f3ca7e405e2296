using DqPlatform.Infrastructure.Persistence;
using GraphQL;
using GraphQL.Resolvers;

namespace DqPlatform.Api.Schema;

/// <summary>
/// A refused mutation changes nothing, also when a later mutation of the same operation succeeds: every root mutation
/// of a request shares its unit of work, so what a refused one had changed on tracked objects before it threw is
/// discarded here, before the next one could save it.
/// </summary>
public sealed class DiscardChangesOnFailure(IFieldResolver inner) : IFieldResolver
{
    public async ValueTask<object?> ResolveAsync(IResolveFieldContext context)
    {
        try
        {
            return await inner.ResolveAsync(context);
        }
        catch
        {
            context.RequestServices!.GetRequiredService<WorkspaceData>().DiscardChanges();
            throw;
        }
    }
}
