using DqPlatform.Domain.Connections;
using DqPlatform.Domain.Tenancy.Quotas;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Tenancy.Quotas;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Connections;

/// <summary>Connections of the caller's workspace.</summary>
public sealed class ConnectionStore(WorkspaceData data, WorkspaceQuotas quotas)
{
    public Guid WorkspaceId => data.WorkspaceId;

    public Task<Connection?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        data.Connections.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);

    public Task<Connection?> FindReadOnlyAsync(Guid id, CancellationToken cancellationToken) =>
        data.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);

    /// <summary>Stores a new connection if the workspace's connection quota has room (QUOTA_EXCEEDED otherwise, nothing stored).</summary>
    public Task AddAsync(Connection connection, CancellationToken cancellationToken)
    {
        data.Db.Connections.Add(connection);
        var workspace = data.WorkspaceId;
        return data.Db.SaveWithinQuotaAsync(quotas.For(data.OrganizationId), QuotaKind.Connections, workspace,
            token => QuotaCounts.ConnectionsAsync(data.Db, workspace, token), cancellationToken);
    }

    public Task SaveAsync(CancellationToken cancellationToken) => data.Db.SaveOrConflictAsync(cancellationToken);

    /// <summary>A test's outcome. Not an edit of the connection, so not an audited update: the columns are set directly.</summary>
    public Task RecordTestAsync(Guid id, ConnectionStatus status, DateTimeOffset at, string? error, CancellationToken cancellationToken) =>
        data.Db.Connections.Where(c => c.Id == id).ExecuteUpdateAsync(
            s => s.SetProperty(c => c.Status, status).SetProperty(c => c.LastTestedAt, at).SetProperty(c => c.LastError, error),
            cancellationToken);
}
