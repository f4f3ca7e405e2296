using DqPlatform.Api.Auth;
using DqPlatform.Domain.Tenancy;
using DqPlatform.GraphQL.DataLoaders;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;
using DqPlatform.Infrastructure.Persistence;

namespace DqPlatform.Api.Tenancy;

public sealed class TenancyLoaders(BatchLoaders loaders, WorkspaceData data)
{
    public IDataLoaderResult<Organization?> Organization(Guid id) =>
        loaders.For<Guid, Organization>("organizations", async (ids, ct) =>
            await data.Organizations.Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct)).Load(id);

    public IDataLoaderResult<Workspace?> Workspace(Guid id) =>
        loaders.For<Guid, Workspace>("workspaces", async (ids, ct) =>
            await data.Workspaces.Where(w => ids.Contains(w.Id)).ToDictionaryAsync(w => w.Id, ct)).Load(id);
}
