using DqPlatform.GraphQL.DataLoaders;
using DqPlatform.Infrastructure.People;
using GraphQL.DataLoader;

namespace DqPlatform.Api.People;

/// <summary>
/// Actors behind the ids rows store, one statement per kind for a whole level of a page (see <see cref="ActorReads"/>):
/// null for an id that is no longer a user of the organization or a key of the workspace.
/// </summary>
public sealed class ActorLoaders(BatchLoaders loaders, ActorReads reads)
{
    /// <summary>A user id or a key id, or null (nothing to load).</summary>
    public IDataLoaderResult<object?>? Actor(Guid? id) =>
        id is { } known ? loaders.For<Guid, object>("actors", reads.ActorsAsync).Load(known) : null;

    /// <summary>What a <c>PrincipalId</c> stands for: a user, or the newest key of a service principal.</summary>
    public IDataLoaderResult<object?> Principal(Guid principalId) =>
        loaders.For<Guid, object>("actorPrincipals", reads.PrincipalsAsync).Load(principalId);
}
