using DqPlatform.Api.Auth;
using DqPlatform.Domain.Queries;
using DqPlatform.GraphQL.DataLoaders;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;
using DqPlatform.Infrastructure.Persistence;

namespace DqPlatform.Api.Queries;

public sealed class QueryLoaders(BatchLoaders loaders, WorkspaceData data)
{
    /// <summary>Saved queries visible to the caller (shared, or its own private ones), one query per page of results.</summary>
    public IDataLoaderResult<SavedQuery?> SavedQuery(Guid id) =>
        loaders.For<Guid, SavedQuery>("savedQueries", async (ids, ct) =>
            await data.SavedQueries.AsNoTracking().Where(q => ids.Contains(q.Id)).ToDictionaryAsync(q => q.Id, ct)).Load(id);

    /// <summary>The audit rows of a page of runs, one query; the runs are already confined to the workspace.</summary>
    public IDataLoaderResult<List<QueryAuditEntry>?> AuditOf(Guid queryResultId) =>
        loaders.For<Guid, List<QueryAuditEntry>>("queryAuditByResult", async (ids, ct) =>
        {
            var rows = await data.QueryDb.QueryAudit.AsNoTracking().Where(a => a.QueryResultId != null && ids.Contains(a.QueryResultId.Value))
                .OrderBy(a => a.Id).ToListAsync(ct);
            var byRun = rows.ToLookup(a => a.QueryResultId!.Value);
            return ids.ToDictionary(id => id, id => byRun[id].ToList());
        }).Load(queryResultId);
}
