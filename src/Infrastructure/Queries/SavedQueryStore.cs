using DqPlatform.Domain.Queries;
using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Queries;

/// <summary>Saved queries the caller can see: the workspace's shared ones and the caller's own.</summary>
public sealed class SavedQueryStore(WorkspaceData data)
{
    public Task<SavedQuery?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        data.SavedQueries.SingleOrDefaultAsync(q => q.Id == id, cancellationToken);

    public Task<SavedQuery?> FindReadOnlyAsync(Guid id, CancellationToken cancellationToken) =>
        data.SavedQueries.AsNoTracking().SingleOrDefaultAsync(q => q.Id == id, cancellationToken);

    public void Add(SavedQuery query) => data.QueryDb.SavedQueries.Add(query);

    public void Remove(SavedQuery query) => data.QueryDb.SavedQueries.Remove(query);

    public Task SaveAsync(CancellationToken cancellationToken) => data.QueryDb.SaveOrConflictAsync(cancellationToken);

    /// <summary>A run of the caller's workspace, as last stored.</summary>
    public Task<QueryResult?> FindRunAsync(Guid id, CancellationToken cancellationToken) =>
        data.QueryResults.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
}
