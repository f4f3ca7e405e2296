using DqPlatform.Api.Auth;
using DqPlatform.Domain.Queries;
using DqPlatform.GraphQL.DataLoaders;
using GraphQL.DataLoader;
using DqPlatform.Infrastructure.Queries;

namespace DqPlatform.Api.Queries;

public sealed class QueryLoaders(BatchLoaders loaders, QueryReads reads)
{
    /// <summary>Saved queries visible to the caller (shared, or its own private ones), one query per page of results.</summary>
    public IDataLoaderResult<SavedQuery?> SavedQuery(Guid id) => loaders.For<Guid, SavedQuery>("savedQueries", reads.SavedQueriesAsync).Load(id);

    /// <summary>The audit rows of a page of runs, one query.</summary>
    public IDataLoaderResult<List<QueryAuditEntry>?> AuditOf(Guid queryResultId) =>
        loaders.For<Guid, List<QueryAuditEntry>>("queryAuditByResult", reads.AuditByRunAsync).Load(queryResultId);
}
