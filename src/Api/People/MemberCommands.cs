using DqPlatform.Domain.Common;
using DqPlatform.Domain.People;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.People;

namespace DqPlatform.Api.People;

/// <summary>
/// Who belongs to the caller's workspace and with which role (<c>members:manage</c>), and organization-wide roles such
/// as Owner (<c>org:admin</c>). The rules are <see cref="MembershipRules"/>'; each change forgets the user's cached
/// access on this node, other nodes follow within <see cref="UserAccess.Lifetime"/>.
/// </summary>
public sealed class MemberCommands(MembershipStore members, UserAccess access, ICurrentCaller caller)
{
    /// <summary>Adds a user who is already in the organization.</summary>
    public async Task<WorkspaceMember> AddAsync(Guid? userId, string shownId, string? role, CancellationToken cancellationToken)
    {
        var who = caller.Require(ApiKeyScopes.ManageMembers);
        MembershipRules.RequireWorkspaceGrant(who, role, await members.CustomRolesAsync(who.OrganizationId, cancellationToken));
        if (userId is not { } user || !await members.InOrganizationAsync(who.OrganizationId, user, cancellationToken))
        {
            throw new NotFoundException("User", shownId);
        }

        var member = await members.AddAsync(who.WorkspaceId, user, role!, cancellationToken);
        access.Forget(user, [who.WorkspaceId]);
        return member;
    }

    /// <summary>Adds the person with that email: an organization member who has it, or a pending invited user (see <see cref="Invitations"/>).</summary>
    public async Task<WorkspaceMember> InviteAsync(string? email, string? role, CancellationToken cancellationToken)
    {
        var who = caller.Require(ApiKeyScopes.ManageMembers);
        var normalized = Invitations.NormalizeEmail(email);
        MembershipRules.RequireWorkspaceGrant(who, role, await members.CustomRolesAsync(who.OrganizationId, cancellationToken));
        var member = await members.InviteAsync(who.OrganizationId, who.WorkspaceId, normalized, role!, cancellationToken);
        access.Forget(member.UserId, [who.WorkspaceId]);
        return member;
    }

    public async Task<WorkspaceMember> SetRoleAsync(Guid? userId, string shownId, string? role, CancellationToken cancellationToken)
    {
        var who = caller.Require(ApiKeyScopes.ManageMembers);
        var custom = await members.CustomRolesAsync(who.OrganizationId, cancellationToken);
        MembershipRules.RequireWorkspaceGrant(who, role, custom);
        var member = await MemberAsync(who, userId, shownId, custom, cancellationToken);
        member.Role = role!;
        await members.SaveAsync(member, cancellationToken);
        access.Forget(member.UserId, [who.WorkspaceId]);
        return member;
    }

    /// <summary>Takes the user out of the workspace (not out of the organization, where an organization-wide role stays).</summary>
    public async Task RemoveAsync(Guid? userId, string shownId, CancellationToken cancellationToken)
    {
        var who = caller.Require(ApiKeyScopes.ManageMembers);
        var member = await MemberAsync(who, userId, shownId, await members.CustomRolesAsync(who.OrganizationId, cancellationToken), cancellationToken);
        await members.RemoveAsync(member, cancellationToken);
        access.Forget(member.UserId, [who.WorkspaceId]);
    }

    /// <summary>Sets or (null) clears a user's organization-wide role, Owner included; the last Owner stays one.</summary>
    public async Task<OrganizationMember> SetOrganizationRoleAsync(Guid? userId, string shownId, string? role, CancellationToken cancellationToken)
    {
        var who = caller.Require(ApiKeyScopes.OrganizationAdmin);
        var custom = await members.CustomRolesAsync(who.OrganizationId, cancellationToken);
        if (role is not null)
        {
            MembershipRules.RequireAuthority(who, MembershipRules.ScopesOf(role, custom));
            MembershipRules.RequireHeld(who, role);
        }

        var member = await members.SetOrganizationRoleAsync(who.OrganizationId, userId ?? Guid.Empty, shownId, role,
            current => MembershipRules.RequireAuthority(who, MembershipRules.HeldScopes(current, custom)), cancellationToken);
        access.Forget(member.UserId, (await members.WorkspacesOfAsync(who.OrganizationId, cancellationToken)).Select(w => (Guid?)w));
        return member;
    }

    // The member of the caller's workspace, whose current role the caller must hold all of to change or remove it.
    private async Task<WorkspaceMember> MemberAsync(
        Caller who, Guid? userId, string shownId, IReadOnlyDictionary<string, string[]> custom, CancellationToken cancellationToken)
    {
        var member = (userId is { } user ? await members.FindAsync(who.WorkspaceId, user, cancellationToken) : null)
            ?? throw new NotFoundException("WorkspaceMember", shownId);
        MembershipRules.RequireAuthority(who, MembershipRules.HeldScopes(member.Role, custom));
        return member;
    }
}
