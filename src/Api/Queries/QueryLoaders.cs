using DqPlatform.Api.Auth;
using DqPlatform.Api.GraphQL.Batching;
using DqPlatform.Domain.Queries;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Queries;

public sealed class QueryLoaders(BatchLoaders loaders, WorkspaceData data)
{
    /// <summary>Saved queries visible to the caller (shared, or its own private ones), one query per page of results.</summary>
    public IDataLoaderResult<SavedQuery?> SavedQuery(Guid id) =>
        loaders.For<Guid, SavedQuery>("savedQueries", async (ids, ct) =>
            await data.SavedQueries.AsNoTracking().Where(q => ids.Contains(q.Id)).ToDictionaryAsync(q => q.Id, ct)).Load(id);
}
