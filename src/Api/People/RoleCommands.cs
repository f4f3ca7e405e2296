using DqPlatform.Domain.Common;
using DqPlatform.Domain.People;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.People;

namespace DqPlatform.Api.People;

/// <summary>The organization's custom roles (<c>org:admin</c>); the rules are <see cref="CustomRole"/>'s.</summary>
public sealed class RoleCommands(RoleStore roles, MembershipStore members, UserAccess access, ICurrentCaller caller, IClock clock)
{
    public async Task<CustomRole> CreateAsync(string? slug, string? name, string[] scopes, CancellationToken cancellationToken)
    {
        var admin = caller.Require(ApiKeyScopes.OrganizationAdmin);
        var role = CustomRole.Define(admin.OrganizationId, slug, name, scopes);
        await roles.AddAsync(role, cancellationToken);
        return role;
    }

    /// <summary>Null keeps a value. Holders act with the new scopes within <see cref="UserAccess.Lifetime"/> (at once on this node).</summary>
    public async Task<CustomRole> UpdateAsync(string? slug, string? name, string[]? scopes, CancellationToken cancellationToken)
    {
        var admin = caller.Require(ApiKeyScopes.OrganizationAdmin);
        var role = await FindAsync(admin, slug, cancellationToken);
        role.Update(name, scopes, clock.UtcNow);
        await roles.SaveAsync(cancellationToken);
        // Their cached access in every workspace of the organization: the role may be held organization-wide.
        var workspaces = (await members.WorkspacesOfAsync(admin.OrganizationId, cancellationToken)).Select(w => (Guid?)w).ToList();
        (await roles.HoldersAsync(role, cancellationToken)).ForEach(user => access.Forget(user, workspaces));
        return role;
    }

    /// <summary>CONFLICT while anyone holds the role.</summary>
    public async Task DeleteAsync(string? slug, CancellationToken cancellationToken)
    {
        var admin = caller.Require(ApiKeyScopes.OrganizationAdmin);
        await roles.RemoveAsync(await FindAsync(admin, slug, cancellationToken), cancellationToken);
    }

    private async Task<CustomRole> FindAsync(Caller admin, string? slug, CancellationToken cancellationToken) =>
        (slug is null ? null : await roles.FindAsync(admin.OrganizationId, slug, cancellationToken)) ?? throw new NotFoundException("Role", slug ?? "");
}
