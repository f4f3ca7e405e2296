using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Connections;
using DqPlatform.Domain.Jobs;
using DqPlatform.Domain.Tenancy.Quotas;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Tenancy.Quotas;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Checks;

/// <summary>Check definitions of the caller's workspace, and the jobs their runs made.</summary>
public sealed class CheckStore(WorkspaceData data, WorkspaceQuotas quotas)
{
    public Task<Connection?> FindConnectionAsync(Guid id, CancellationToken cancellationToken) =>
        data.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);

    /// <summary>A check tracked for a change; null when the caller cannot see it.</summary>
    public Task<CheckDefinition?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        data.Checks.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);

    public Task<CheckDefinition?> FindReadOnlyAsync(Guid id, CancellationToken cancellationToken) =>
        data.Checks.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);

    /// <summary>Stores a new check if the workspace's check quota has room (QUOTA_EXCEEDED otherwise, nothing stored).</summary>
    public Task AddAsync(CheckDefinition check, CancellationToken cancellationToken)
    {
        data.Db.CheckDefinitions.Add(check);
        var workspace = data.WorkspaceId;
        return data.Db.SaveWithinQuotaAsync(quotas.For(data.OrganizationId), QuotaKind.CheckDefinitions, workspace,
            token => QuotaCounts.CheckDefinitionsAsync(data.Db, workspace, token), cancellationToken);
    }

    public Task SaveAsync(CancellationToken cancellationToken) => data.Db.SaveOrConflictAsync(cancellationToken);

    /// <summary>Ids of the enabled checks matching every given filter, in id order, at most <paramref name="limit"/>.</summary>
    public Task<List<Guid>> EnabledIdsAsync(string? tag, string? table, Guid? connectionId, int limit, CancellationToken cancellationToken)
    {
        var checks = data.Checks.AsNoTracking().Where(c => c.Enabled);
        if (tag is not null)
        {
            checks = checks.Where(c => c.Tags.Contains(tag));
        }

        if (table is not null)
        {
            checks = checks.Where(c => c.TargetTable == table);
        }

        if (connectionId is { } connection)
        {
            checks = checks.Where(c => c.ConnectionId == connection);
        }

        return checks.OrderBy(c => c.Id).Select(c => c.Id).Take(limit).ToListAsync(cancellationToken);
    }

    public Task<bool> JobExistsAsync(Guid id, CancellationToken cancellationToken) => data.Jobs.AnyAsync(j => j.Id == id, cancellationToken);

    /// <summary>The given jobs of the caller's workspace, ordered by check.</summary>
    public Task<List<Job>> JobsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        data.Jobs.AsNoTracking().Where(j => ids.Contains(j.Id)).OrderBy(j => j.CheckId).ToListAsync(cancellationToken);
}
