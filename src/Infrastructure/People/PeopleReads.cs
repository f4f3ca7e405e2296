using DqPlatform.Domain.People;
using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.People;

/// <summary>What <c>me</c> answers: the user, their organizations with their organization-wide role, and every workspace they reach.</summary>
public sealed class PeopleReads(DqDbContext db)
{
    public sealed record OrganizationRole(Guid Id, string Name, string? Slug, string? Role);

    public sealed record WorkspaceRole(Guid Id, string Name, Guid OrganizationId, string? Role);

    public Task<User?> UserAsync(Guid userId, CancellationToken cancellationToken) =>
        db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);

    public Task<List<OrganizationRole>> OrganizationsAsync(Guid userId, CancellationToken cancellationToken) =>
        db.OrganizationMembers.AsNoTracking().Where(m => m.UserId == userId)
            .Join(db.Organizations, m => m.OrganizationId, o => o.Id, (m, o) => new { o.Id, o.Name, o.Slug, m.Role })
            .OrderBy(o => o.Name).Select(o => new OrganizationRole(o.Id, o.Name, o.Slug, o.Role)).ToListAsync(cancellationToken);

    /// <summary>As <see cref="UserAccess"/> counts them: workspace memberships, and every workspace of an organization where the user holds an organization-wide role.</summary>
    public Task<List<WorkspaceRole>> WorkspacesAsync(Guid userId, CancellationToken cancellationToken) =>
        db.Workspaces.AsNoTracking()
            .Where(w => db.OrganizationMembers.Any(m => m.UserId == userId && m.OrganizationId == w.OrganizationId)
                && (db.OrganizationMembers.Any(m => m.UserId == userId && m.OrganizationId == w.OrganizationId && m.Role != null)
                    || db.WorkspaceMembers.Any(m => m.WorkspaceId == w.Id && m.UserId == userId)))
            .OrderBy(w => w.Name).ThenBy(w => w.Id)
            .Select(w => new WorkspaceRole(w.Id, w.Name, w.OrganizationId,
                db.WorkspaceMembers.Where(m => m.WorkspaceId == w.Id && m.UserId == userId).Select(m => m.Role).FirstOrDefault()))
            .ToListAsync(cancellationToken);
}
