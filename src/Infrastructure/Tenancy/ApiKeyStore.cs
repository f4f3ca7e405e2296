using DqPlatform.Domain.Tenancy;
using DqPlatform.Domain.Tenancy.Quotas;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Resilience;
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

    /// <summary>
    /// Stores <paramref name="replacement"/> and <paramref name="old"/>'s revocation (tracked) if no other rotation or
    /// revocation of <paramref name="old"/> committed first: under the key quota's lock, so of ten rotations of one key
    /// at once exactly one mints a key (each would otherwise add an active key past the quota). CONFLICT otherwise.
    /// </summary>
    public async Task ReplaceAsync(ApiKey old, ApiKey replacement, CancellationToken cancellationToken)
    {
        var db = data.Db;
        db.ApiKeys.Add(replacement);
        await db.InTransactionAsync(async (transaction, token) =>
        {
            await WorkspaceQuotaGuard.LockAsync(db, QuotaKind.ApiKeys, old.WorkspaceId, token);
            if (await db.ApiKeys.AsNoTracking().AnyAsync(k => k.Id == old.Id && k.RevokedAt != null, token))
            {
                throw new Domain.Common.ConflictException("A revoked key cannot be rotated; create a new one.");
            }

            WorkspaceQuotaGuard.ForgetAuditRowsOfAnEarlierAttempt(db);
            await db.SaveOrConflictAsync(token, acceptAllChangesOnSuccess: false);
            await transaction.CommitAsync(token);
            return true;
        }, cancellationToken);
        db.ChangeTracker.AcceptAllChanges();
    }

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
