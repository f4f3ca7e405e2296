using DqPlatform.Domain.Common;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.People;
using DqPlatform.Infrastructure.Security;
using DqPlatform.Infrastructure.Tenancy;

namespace DqPlatform.Api.Tenancy;

/// <summary>
/// Workspaces of the organization: created and deleted by organization admins (<c>org:admin</c>), renamed by the
/// workspace's admins (<c>workspace:manage</c>, their own workspace only; organization admins any of the organization's).
/// </summary>
public sealed class WorkspaceCommands(WorkspaceStore workspaces, CredentialReencryption reencryption, UserAccess access, ICurrentCaller caller, IClock clock)
{
    public async Task<Workspace> CreateAsync(string? name, CancellationToken cancellationToken)
    {
        var admin = caller.Require(ApiKeyScopes.OrganizationAdmin);
        var workspace = await workspaces.AddAsync(admin.OrganizationId, Names.Require(name), admin.UserId, cancellationToken);
        if (admin.UserId is { } user)
        {
            // The creator now reaches one more workspace: what "their only workspace" means may have changed.
            access.Forget(user, [workspace.Id]);
        }

        return workspace;
    }

    public async Task<Workspace> UpdateAsync(Guid? id, string shownId, string? name, CancellationToken cancellationToken)
    {
        var admin = caller.Require(ApiKeyScopes.ManageWorkspace);
        var validName = Names.Require(name);
        var workspace = await OwnAsync(admin, id, shownId, cancellationToken);
        workspace.Name = validName;
        workspace.UpdatedAt = clock.UtcNow;
        await workspaces.SaveAsync(cancellationToken);
        return workspace;
    }

    /// <summary>
    /// Deletes a workspace with everything in it. Refused (CONFLICT) for the workspace the call acts in, so a key or a
    /// session never deletes the ground it stands on, and for the organization's only workspace.
    /// </summary>
    public async Task DeleteAsync(Guid? id, string shownId, CancellationToken cancellationToken)
    {
        var admin = caller.Require(ApiKeyScopes.OrganizationAdmin);
        var workspace = await OwnAsync(admin, id, shownId, cancellationToken);
        if (workspace.Id == admin.WorkspaceId)
        {
            throw new ConflictException("A workspace cannot be deleted from inside itself: act in another workspace of the organization.");
        }

        var members = await workspaces.MembersAsync(workspace.Id, cancellationToken);
        await workspaces.DeleteAsync(workspace, cancellationToken);
        members.ForEach(m => access.Forget(m, [workspace.Id]));
    }

    public Task<int> ReencryptCredentialsAsync(CancellationToken cancellationToken) =>
        reencryption.ReencryptAsync(caller.Require(ApiKeyScopes.OrganizationAdmin).OrganizationId, cancellationToken);

    // The caller's own workspace; for an organization admin any workspace of the organization. NOT_FOUND otherwise.
    private async Task<Workspace> OwnAsync(Caller admin, Guid? id, string shownId, CancellationToken cancellationToken)
    {
        var reachable = id is { } known && (known == admin.WorkspaceId || admin.Has(ApiKeyScopes.OrganizationAdmin));
        return (reachable ? await workspaces.FindAsync(admin.OrganizationId, id!.Value, cancellationToken) : null)
            ?? throw new NotFoundException("Workspace", shownId);
    }
}
