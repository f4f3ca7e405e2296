using DqPlatform.Domain.People;
using DqPlatform.Infrastructure.Auditing;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Resilience;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.People;

/// <summary>An organization's custom roles.</summary>
public sealed class RoleStore(DqDbContext db, IAuditActor actor)
{
    public Task<List<CustomRole>> OfOrganizationAsync(Guid organizationId, CancellationToken cancellationToken) =>
        db.CustomRoles.AsNoTracking().Where(r => r.OrganizationId == organizationId).OrderBy(r => r.Slug).ToListAsync(cancellationToken);

    public Task<CustomRole?> FindAsync(Guid organizationId, string slug, CancellationToken cancellationToken) =>
        db.CustomRoles.SingleOrDefaultAsync(r => r.OrganizationId == organizationId && r.Slug == slug, cancellationToken);

    public async Task AddAsync(CustomRole role, CancellationToken cancellationToken)
    {
        db.CustomRoles.Add(role);
        await db.SaveOrConflictAsync(cancellationToken);
    }

    public Task SaveAsync(CancellationToken cancellationToken) => db.SaveOrConflictAsync(cancellationToken);

    /// <summary>
    /// Deletes the role if nobody holds it (CONFLICT otherwise, see <see cref="CustomRole.RequireUnused"/>). Checked and
    /// deleted in one statement, so a membership given the role meanwhile is either seen or given a role that is gone
    /// (which grants nothing). The audit row is written in the same transaction, only when the role was deleted.
    /// </summary>
    public Task RemoveAsync(CustomRole role, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async (transaction, token) =>
        {
            Tenancy.Quotas.WorkspaceQuotaGuard.ForgetAuditRowsOfAnEarlierAttempt(db);
            var deleted = await db.CustomRoles.Where(r => r.Id == role.Id
                    && !db.OrganizationMembers.Any(m => m.OrganizationId == role.OrganizationId && m.Role == role.Slug)
                    && !db.WorkspaceMembers.Any(m => m.Role == role.Slug && db.Workspaces.Any(w => w.Id == m.WorkspaceId && w.OrganizationId == role.OrganizationId)))
                .ExecuteDeleteAsync(token);
            CustomRole.RequireUnused(deleted == 0);
            var audit = db.AuditLog.Add(AuditRecords.Of(db.Entry(role), EntityState.Deleted, actor)!);
            await db.SaveChangesAsync(token);
            await transaction.CommitAsync(token);
            // The role is gone: nothing of it is left to save.
            audit.State = EntityState.Detached;
            db.Entry(role).State = EntityState.Detached;
            return true;
        }, cancellationToken);

    /// <summary>Who holds the role (to forget their cached access after its scopes change).</summary>
    public async Task<List<Guid>> HoldersAsync(CustomRole role, CancellationToken cancellationToken) =>
        await db.OrganizationMembers.Where(m => m.OrganizationId == role.OrganizationId && m.Role == role.Slug).Select(m => m.UserId)
            .Union(db.WorkspaceMembers.Where(m => m.Role == role.Slug && db.Workspaces.Any(w => w.Id == m.WorkspaceId && w.OrganizationId == role.OrganizationId)).Select(m => m.UserId))
            .ToListAsync(cancellationToken);
}
