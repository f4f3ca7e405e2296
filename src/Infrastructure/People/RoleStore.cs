using DqPlatform.Domain.People;
using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.People;

/// <summary>An organization's custom roles.</summary>
public sealed class RoleStore(DqDbContext db)
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
    /// (which grants nothing).
    /// </summary>
    public async Task RemoveAsync(CustomRole role, CancellationToken cancellationToken)
    {
        var deleted = await db.CustomRoles.Where(r => r.Id == role.Id
                && !db.OrganizationMembers.Any(m => m.OrganizationId == role.OrganizationId && m.Role == role.Slug)
                && !db.WorkspaceMembers.Any(m => m.Role == role.Slug && db.Workspaces.Any(w => w.Id == m.WorkspaceId && w.OrganizationId == role.OrganizationId)))
            .ExecuteDeleteAsync(cancellationToken);
        CustomRole.RequireUnused(deleted == 0);
    }

    /// <summary>Who holds the role (to forget their cached access after its scopes change).</summary>
    public async Task<List<Guid>> HoldersAsync(CustomRole role, CancellationToken cancellationToken) =>
        await db.OrganizationMembers.Where(m => m.OrganizationId == role.OrganizationId && m.Role == role.Slug).Select(m => m.UserId)
            .Union(db.WorkspaceMembers.Where(m => m.Role == role.Slug && db.Workspaces.Any(w => w.Id == m.WorkspaceId && w.OrganizationId == role.OrganizationId)).Select(m => m.UserId))
            .ToListAsync(cancellationToken);
}
