using DqPlatform.Domain.Queries;
using DqPlatform.Domain.Tenancy.Quotas;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Tenancy.Quotas;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Queries;

/// <summary>Saved queries the caller can see: the workspace's shared ones and the caller's own.</summary>
public sealed class SavedQueryStore(WorkspaceData data, WorkspaceQuotas quotas)
{
    public Task<SavedQuery?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        data.SavedQueries.SingleOrDefaultAsync(q => q.Id == id, cancellationToken);

    public Task<SavedQuery?> FindReadOnlyAsync(Guid id, CancellationToken cancellationToken) =>
        data.SavedQueries.AsNoTracking().SingleOrDefaultAsync(q => q.Id == id, cancellationToken);

    /// <summary>Stores a new query if the workspace's saved-query quota has room (QUOTA_EXCEEDED otherwise, nothing stored).</summary>
    public Task AddAsync(SavedQuery query, CancellationToken cancellationToken)
    {
        data.QueryDb.SavedQueries.Add(query);
        var workspace = data.WorkspaceId;
        return data.QueryDb.SaveWithinQuotaAsync(quotas.For(data.OrganizationId), QuotaKind.SavedQueries, workspace,
            token => QuotaCounts.SavedQueriesAsync(data.QueryDb, workspace, token), cancellationToken);
    }

    public void Remove(SavedQuery query) => data.QueryDb.SavedQueries.Remove(query);

    public Task SaveAsync(CancellationToken cancellationToken) => data.QueryDb.SaveOrConflictAsync(cancellationToken);

    /// <summary>A run of the caller's workspace, as last stored.</summary>
    public Task<QueryResult?> FindRunAsync(Guid id, CancellationToken cancellationToken) =>
        data.QueryResults.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
}
