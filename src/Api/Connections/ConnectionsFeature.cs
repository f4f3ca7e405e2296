using DqPlatform.Api.Schema;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Domain.Connections;
using DqPlatform.GraphQL.Lists;
using DqPlatform.GraphQL.Relay;

namespace DqPlatform.Api.Connections;

/// <summary>Source-database connections: their list, loaders, node type, mutations and connection tests.</summary>
public static class ConnectionsFeature
{
    public static IServiceCollection AddConnectionsFeature(this IServiceCollection services)
    {
        services.AddScoped<ConnectionCommands>();
        services.AddScoped<ConnectionLoaders>();
        services.AddSingleton(ConnectionLists.Connections);
        services.AddSingleton(NodeType.ByUuid("Connection",
            (s, ids, ct) => WorkspaceData.ByIdsAsync(s.Data().Connections, ids, ct), (Connection c) => c.Id));
        return services;
    }

    public static void Register(QueryType query) =>
        query.ListField<object?, ConnectionGraphType, Connection>("connections", c => c.Data().Connections);

    public static void Register(MutationType mutation)
    {
        ConnectionMutations.Register(mutation);
        ConnectionTesting.Register(mutation);
    }
}
