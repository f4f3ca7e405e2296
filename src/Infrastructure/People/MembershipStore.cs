using DqPlatform.Domain.Common;
using DqPlatform.Domain.People;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Resilience;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.People;

/// <summary>
/// Organization and workspace memberships. Changes to who owns an organization run under a lock of the organization's
/// row, so the last-owner rule (<see cref="MembershipRules.RequireOwnerLeft"/>) holds under concurrency. After any
/// change the caller forgets the user's cached access on this node (<see cref="UserAccess.Forget"/>); other nodes
/// follow within <see cref="UserAccess.Lifetime"/>.
/// </summary>
public sealed class MembershipStore(DqDbContext db, IClock clock)
{
    public Task<Dictionary<string, string[]>> CustomRolesAsync(Guid organizationId, CancellationToken cancellationToken) =>
        db.CustomRoles.AsNoTracking().Where(r => r.OrganizationId == organizationId).ToDictionaryAsync(r => r.Slug, r => r.Scopes, StringComparer.Ordinal, cancellationToken);

    public Task<bool> InOrganizationAsync(Guid organizationId, Guid userId, CancellationToken cancellationToken) =>
        db.OrganizationMembers.AnyAsync(m => m.OrganizationId == organizationId && m.UserId == userId, cancellationToken);

    public Task<WorkspaceMember?> FindAsync(Guid workspaceId, Guid userId, CancellationToken cancellationToken) =>
        db.WorkspaceMembers.Include(m => m.User).SingleOrDefaultAsync(m => m.WorkspaceId == workspaceId && m.UserId == userId, cancellationToken);

    public Task<List<WorkspaceMember>> OfWorkspaceAsync(Guid workspaceId, CancellationToken cancellationToken) =>
        db.WorkspaceMembers.AsNoTracking().Include(m => m.User).Where(m => m.WorkspaceId == workspaceId)
            .OrderBy(m => m.User!.Email).ThenBy(m => m.UserId).ToListAsync(cancellationToken);

    public Task<List<OrganizationMember>> OfOrganizationAsync(Guid organizationId, CancellationToken cancellationToken) =>
        db.OrganizationMembers.AsNoTracking().Include(m => m.User).Where(m => m.OrganizationId == organizationId)
            .OrderBy(m => m.User!.Email).ThenBy(m => m.UserId).ToListAsync(cancellationToken);

    /// <summary>Adds a member of the organization to a workspace; CONFLICT when they already are one.</summary>
    public async Task<WorkspaceMember> AddAsync(Guid workspaceId, Guid userId, string role, CancellationToken cancellationToken)
    {
        if (await db.WorkspaceMembers.AnyAsync(m => m.WorkspaceId == workspaceId && m.UserId == userId, cancellationToken))
        {
            throw new ConflictException("The user is already a member of this workspace; use setMemberRole to change their role.");
        }

        var member = new WorkspaceMember { WorkspaceId = workspaceId, UserId = userId, Role = role };
        db.WorkspaceMembers.Add(member);
        await db.SaveOrConflictAsync(cancellationToken);
        return (await FindAsync(workspaceId, userId, cancellationToken))!;
    }

    /// <summary>
    /// The person with <paramref name="email"/> (normalized) in the workspace: a member of the organization with that
    /// email (users.email holds only addresses a provider verified, so an unverified claim never matches), else the pending invited user of that email (created when none exists, see <see cref="Invitations"/>),
    /// who is made a member of the organization without an organization-wide role.
    /// </summary>
    public async Task<WorkspaceMember> InviteAsync(Guid organizationId, Guid workspaceId, string email, string role, CancellationToken cancellationToken)
    {
        var user = await db.OrganizationMembers.Where(m => m.OrganizationId == organizationId && m.User!.Email != null && m.User.Email.ToLower() == email)
                .Select(m => m.User!).OrderBy(u => u.CreatedAt).FirstOrDefaultAsync(cancellationToken)
            ?? await db.Users.SingleOrDefaultAsync(u => u.Issuer == Invitations.Issuer && u.ExternalId == email, cancellationToken);
        if (user is null)
        {
            user = Invitations.Pending(email);
            user.Id = Guid.CreateVersion7();
            db.Users.Add(user);
        }

        if (!await InOrganizationAsync(organizationId, user.Id, cancellationToken))
        {
            // No person chose an organization role (the invitation is a workspace role): the groups of the sign-in that
            // claims the invitation may give one, as for a member a sign-in created.
            db.OrganizationMembers.Add(new OrganizationMember { OrganizationId = organizationId, UserId = user.Id, Source = MembershipSource.Claims });
        }

        await db.SaveOrConflictAsync(cancellationToken);
        return await AddAsync(workspaceId, user.Id, role, cancellationToken);
    }

    public async Task SaveAsync(WorkspaceMember member, CancellationToken cancellationToken)
    {
        member.UpdatedAt = clock.UtcNow;
        await db.SaveOrConflictAsync(cancellationToken);
    }

    public async Task RemoveAsync(WorkspaceMember member, CancellationToken cancellationToken)
    {
        db.WorkspaceMembers.Remove(member);
        await db.SaveOrConflictAsync(cancellationToken);
    }

    /// <summary>
    /// Sets (or, with null, clears) a member's organization-wide role, under a lock of the organization's row: taking
    /// the owner role from its last holder is refused (CONFLICT). <paramref name="authorize"/> sees the current role
    /// before anything changes. NOT_FOUND when the user is not in the organization.
    /// </summary>
    public Task<OrganizationMember> SetOrganizationRoleAsync(
        Guid organizationId, Guid userId, string shownId, string? role, Action<string?> authorize, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async (transaction, token) =>
        {
            db.ChangeTracker.Clear();
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM dq.organizations WHERE id = {organizationId} FOR UPDATE", token);
            var member = await db.OrganizationMembers.Include(m => m.User).SingleOrDefaultAsync(m => m.OrganizationId == organizationId && m.UserId == userId, token)
                ?? throw new NotFoundException("User", shownId);
            authorize(member.Role);
            if (member.Role == Roles.Owner && role != Roles.Owner)
            {
                MembershipRules.RequireOwnerLeft(await db.OrganizationMembers.CountAsync(
                    m => m.OrganizationId == organizationId && m.Role == Roles.Owner && m.UserId != userId, token));
            }

            member.Role = role;
            member.Source = MembershipSource.Manual;
            member.UpdatedAt = clock.UtcNow;
            await db.SaveOrConflictAsync(token, acceptAllChangesOnSuccess: false);
            await transaction.CommitAsync(token);
            db.ChangeTracker.AcceptAllChanges();
            return member;
        }, cancellationToken);

    /// <summary>The workspaces of the organization the user is a member of (to forget their cached access).</summary>
    public Task<List<Guid>> WorkspacesOfAsync(Guid organizationId, CancellationToken cancellationToken) =>
        db.Workspaces.AsNoTracking().Where(w => w.OrganizationId == organizationId).Select(w => w.Id).ToListAsync(cancellationToken);
}
