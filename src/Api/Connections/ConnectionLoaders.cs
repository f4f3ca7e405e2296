using DqPlatform.Api.Auth;
using DqPlatform.Domain.Connections;
using DqPlatform.GraphQL.DataLoaders;
using GraphQL.DataLoader;
using DqPlatform.Infrastructure.Persistence;

namespace DqPlatform.Api.Connections;

public sealed class ConnectionLoaders(BatchLoaders loaders, WorkspaceData data)
{
    public IDataLoaderResult<Connection?> ById(Guid id) =>
        loaders.For<Guid, Connection>("connections", (ids, ct) => WorkspaceData.ByIdsAsync(data.Connections, ids, c => c.Id, ct)).Load(id);
}
