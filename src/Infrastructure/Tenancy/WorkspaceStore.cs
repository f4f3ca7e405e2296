using DqPlatform.Domain.Common;
using DqPlatform.Domain.People;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Domain.Tenancy.Quotas;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Persistence.QueryData;
using DqPlatform.Infrastructure.Tenancy.Quotas;
using DqPlatform.Infrastructure.Resilience;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace DqPlatform.Infrastructure.Tenancy;

/// <summary>Workspaces of an organization (organization administration).</summary>
public sealed class WorkspaceStore(DqDbContext db, QueryDataDbContext data, WorkspaceQuotas quotas)
{
    /// <summary>
    /// A new workspace if the organization's workspace quota has room (QUOTA_EXCEEDED otherwise, nothing stored). A user
    /// who creates one becomes its Admin, in the same transaction.
    /// </summary>
    public async Task<Workspace> AddAsync(Guid organizationId, string name, Guid? creatorId, CancellationToken cancellationToken)
    {
        var workspace = new Workspace { Id = Guid.CreateVersion7(), OrganizationId = organizationId, Name = name };
        db.Workspaces.Add(workspace);
        if (creatorId is { } user)
        {
            db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = workspace.Id, UserId = user, Role = Roles.Admin });
        }

        // Locked and counted per organization: the quota bounds the organization's workspaces.
        await db.SaveWithinQuotaAsync(quotas.For(organizationId), QuotaKind.Workspaces, organizationId,
            token => QuotaCounts.WorkspacesAsync(db, organizationId, token), cancellationToken);
        return workspace;
    }

    public Task<Workspace?> FindAsync(Guid organizationId, Guid id, CancellationToken cancellationToken) =>
        db.Workspaces.SingleOrDefaultAsync(w => w.OrganizationId == organizationId && w.Id == id, cancellationToken);

    public Task SaveAsync(CancellationToken cancellationToken) => db.SaveOrConflictAsync(cancellationToken);

    public Task<List<Guid>> MembersAsync(Guid workspaceId, CancellationToken cancellationToken) =>
        db.WorkspaceMembers.Where(m => m.WorkspaceId == workspaceId).Select(m => m.UserId).ToListAsync(cancellationToken);

    /// <summary>
    /// Deletes a workspace; the database cascades to everything in it (connections, checks, results, incidents, keys,
    /// webhooks, memberships, datasets). The query service's rows live in another schema without a foreign key: the
    /// workspace's saved queries go too, its runs stay as the organization's history (unreachable through any
    /// workspace) and their exports expire with the retention sweep. The organization's last workspace stays (CONFLICT).
    /// </summary>
    /// <remarks>
    /// The check and the delete hold the organization's row locked, so two deletes of its last two workspaces at once
    /// cannot both see another one left: the second waits, then finds none (CONFLICT).
    /// </remarks>
    public async Task DeleteAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        var id = workspace.Id;
        var organizationId = workspace.OrganizationId;
        await db.InTransactionAsync(async (transaction, token) =>
        {
            db.ChangeTracker.Clear();
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM dq.organizations WHERE id = {organizationId} FOR UPDATE", token);
            if (!await db.Workspaces.AnyAsync(w => w.OrganizationId == organizationId && w.Id != id, token))
            {
                throw new ConflictException("This is the organization's only workspace; create another one before deleting it.");
            }

            // Gone already (a delete that committed meanwhile): nothing left to do.
            if (!await db.Workspaces.AnyAsync(w => w.Id == id, token))
            {
                throw new NotFoundException("Workspace", id.ToString());
            }

            // The workspace's audit trail outlives it, read in its organization's log: rows written without a caller
            // (jobs) are given the organization first. Removed through the context so the delete itself is audited.
            await db.Database.ExecuteSqlAsync(
                $"UPDATE dq.audit_log SET organization_id = {organizationId} WHERE workspace_id = {id} AND organization_id IS NULL", token);
            db.Workspaces.Remove(workspace);
            await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, token);
            await transaction.CommitAsync(token);
            db.ChangeTracker.Clear();
            return true;
        }, cancellationToken, alreadyDone: async token =>
            // An earlier attempt committed but its answer was lost.
            await db.Workspaces.AnyAsync(w => w.Id == id, token) ? DatabaseFacadeResilience.NotDone<bool>() : new ExecutionResult<bool>(true, true));

        // Runs keep their history but let go of the saved query (the reference has no ON DELETE).
        await data.QueryResults.Where(r => r.WorkspaceId == id && r.SavedQueryId != null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.SavedQueryId, (Guid?)null), cancellationToken);
        await data.SavedQueries.Where(q => q.WorkspaceId == id).ExecuteDeleteAsync(cancellationToken);
    }
}
