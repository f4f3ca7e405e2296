using DqPlatform.Domain.People;
using DqPlatform.GraphQL.DataLoaders;
using DqPlatform.Infrastructure.Persistence;
using GraphQL.DataLoader;

namespace DqPlatform.Api.Datasets;

public sealed class DatasetLoaders(BatchLoaders loaders, WorkspaceData data)
{
    /// <summary>The registered dataset of this id in the caller's workspace, or null (an unregistered table).</summary>
    public IDataLoaderResult<Dataset?> ById(Guid id) =>
        loaders.For<Guid, Dataset>("datasets", (ids, ct) => WorkspaceData.ByIdsAsync(data.Datasets, ids, d => d.Id, ct)).Load(id);
}
