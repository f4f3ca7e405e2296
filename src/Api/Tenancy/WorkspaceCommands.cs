using DqPlatform.Domain.Common;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Security;
using DqPlatform.Infrastructure.Tenancy;

namespace DqPlatform.Api.Tenancy;

/// <summary>Organization administration (scope <c>org:admin</c>).</summary>
public sealed class WorkspaceCommands(WorkspaceStore workspaces, CredentialReencryption reencryption, ICurrentCaller caller)
{
    public Task<Workspace> CreateAsync(string? name, CancellationToken cancellationToken)
    {
        var admin = caller.Require(ApiKeyScopes.OrganizationAdmin);
        return workspaces.AddAsync(admin.OrganizationId, Names.Require(name), cancellationToken);
    }

    public Task<int> ReencryptCredentialsAsync(CancellationToken cancellationToken) =>
        reencryption.ReencryptAsync(caller.Require(ApiKeyScopes.OrganizationAdmin).OrganizationId, cancellationToken);
}
