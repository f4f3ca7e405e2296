using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Tenancy;

/// <summary>API keys of the caller's workspace.</summary>
public sealed class ApiKeyStore(WorkspaceData data)
{
    public Task<ApiKey?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        data.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken);

    public void Add(ApiKey key) => data.Db.ApiKeys.Add(key);

    public Task SaveAsync(CancellationToken cancellationToken) => data.Db.SaveOrConflictAsync(cancellationToken);
}
