using DqPlatform.Api.Auth;
using DqPlatform.Domain.Tenancy;
using DqPlatform.GraphQL.DataLoaders;
using GraphQL.DataLoader;
using DqPlatform.Infrastructure.Persistence;

namespace DqPlatform.Api.Tenancy;

public sealed class TenancyLoaders(BatchLoaders loaders, WorkspaceData data)
{
    public IDataLoaderResult<Organization?> Organization(Guid id) =>
        loaders.For<Guid, Organization>("organizations", (ids, ct) => WorkspaceData.ByIdsAsync(data.Organizations, ids, o => o.Id, ct)).Load(id);

    public IDataLoaderResult<Workspace?> Workspace(Guid id) =>
        loaders.For<Guid, Workspace>("workspaces", (ids, ct) => WorkspaceData.ByIdsAsync(data.Workspaces, ids, w => w.Id, ct)).Load(id);
}
