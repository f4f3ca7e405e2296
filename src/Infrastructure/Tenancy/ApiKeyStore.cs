using DqPlatform.Domain.Tenancy;
using DqPlatform.Domain.Tenancy.Quotas;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Tenancy.Quotas;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Tenancy;

/// <summary>API keys of the caller's workspace.</summary>
public sealed class ApiKeyStore(WorkspaceData data, WorkspaceQuotas quotas)
{
    public Task<ApiKey?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        data.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken);

    /// <summary>Tracks a key that replaces a revoked one (rotation): the number of active keys stays the same.</summary>
    public void Add(ApiKey key) => data.Db.ApiKeys.Add(key);

    /// <summary>Stores a new key if the workspace's key quota has room (QUOTA_EXCEEDED otherwise, nothing stored).</summary>
    public Task AddWithinQuotaAsync(ApiKey key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        data.Db.ApiKeys.Add(key);
        var workspace = data.WorkspaceId;
        return data.Db.SaveWithinQuotaAsync(quotas.For(data.OrganizationId), QuotaKind.ApiKeys, workspace,
            token => QuotaCounts.ApiKeysAsync(data.Db, workspace, now, token), cancellationToken);
    }

    public Task SaveAsync(CancellationToken cancellationToken) => data.Db.SaveOrConflictAsync(cancellationToken);
}
