using DqPlatform.Domain.Connections;
using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Connections;

/// <summary>Connections of the caller's workspace.</summary>
public sealed class ConnectionStore(WorkspaceData data)
{
    public Guid WorkspaceId => data.WorkspaceId;

    public Task<Connection?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        data.Connections.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);

    public Task<Connection?> FindReadOnlyAsync(Guid id, CancellationToken cancellationToken) =>
        data.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);

    public void Add(Connection connection) => data.Db.Connections.Add(connection);

    public Task SaveAsync(CancellationToken cancellationToken) => data.Db.SaveOrConflictAsync(cancellationToken);

    /// <summary>A test's outcome. Not an edit of the connection, so not an audited update: the columns are set directly.</summary>
    public Task RecordTestAsync(Guid id, ConnectionStatus status, DateTimeOffset at, string? error, CancellationToken cancellationToken) =>
        data.Db.Connections.Where(c => c.Id == id).ExecuteUpdateAsync(
            s => s.SetProperty(c => c.Status, status).SetProperty(c => c.LastTestedAt, at).SetProperty(c => c.LastError, error),
            cancellationToken);
}
