using DqPlatform.Api.Auth;
using DqPlatform.Domain.Connections;
using DqPlatform.GraphQL.DataLoaders;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;
using DqPlatform.Infrastructure.Persistence;

namespace DqPlatform.Api.Connections;

public sealed class ConnectionLoaders(BatchLoaders loaders, WorkspaceData data)
{
    public IDataLoaderResult<Connection?> ById(Guid id) =>
        loaders.For<Guid, Connection>("connections", async (ids, ct) =>
            await data.Connections.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct)).Load(id);
}
