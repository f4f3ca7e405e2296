using DqPlatform.Domain.Queries;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Persistence.QueryData;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Queries;

/// <summary>What the graph and the export endpoint read about query runs beyond their lists.</summary>
public sealed class QueryReads(WorkspaceData data, QueryDataDbContext queryDb)
{
    /// <summary>The audit rows of the given runs, oldest first; the runs were already confined to the workspace.</summary>
    public async Task<IReadOnlyDictionary<Guid, List<QueryAuditEntry>>> AuditByRunAsync(IReadOnlyCollection<Guid> runIds, CancellationToken cancellationToken)
    {
        var rows = await queryDb.QueryAudit.AsNoTracking().Where(a => a.QueryResultId != null && runIds.Contains(a.QueryResultId.Value))
            .OrderBy(a => a.Id).ToListAsync(cancellationToken);
        var byRun = rows.ToLookup(a => a.QueryResultId!.Value);
        return runIds.ToDictionary(id => id, id => byRun[id].ToList());
    }

    /// <summary>Saved queries visible to the caller (shared, or its own private ones).</summary>
    public Task<IReadOnlyDictionary<Guid, SavedQuery>> SavedQueriesAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        WorkspaceData.ByIdsAsync(data.SavedQueries, ids, q => q.Id, cancellationToken);

    /// <summary>A run of <paramref name="workspaceId"/> (the export endpoint authenticates on its own, outside GraphQL).</summary>
    public Task<QueryResult?> RunAsync(Guid workspaceId, Guid id, CancellationToken cancellationToken) =>
        queryDb.QueryResults.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id && r.WorkspaceId == workspaceId, cancellationToken);
}
