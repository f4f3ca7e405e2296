using DqPlatform.Api.Schema;
using DqPlatform.Domain.People;
using DqPlatform.GraphQL.Relay;
using DqPlatform.Infrastructure.People;
using DqPlatform.Infrastructure.Persistence;

namespace DqPlatform.Api.People;

/// <summary>Actors (users and keys) named by other objects: their loaders, and users as nodes of the caller's organization.</summary>
public static class ActorsFeature
{
    public static IServiceCollection AddActorsFeature(this IServiceCollection services)
    {
        services.AddScoped<ActorReads>();
        services.AddScoped<ActorLoaders>();
        services.AddSingleton(NodeType.ByUuid("User",
            (s, ids, ct) => WorkspaceData.ByIdsAsync(s.Data().OrganizationUsers, ids, ct), (User u) => u.Id));
        return services;
    }
}
