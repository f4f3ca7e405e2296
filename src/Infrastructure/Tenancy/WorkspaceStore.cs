using DqPlatform.Domain.Tenancy;
using DqPlatform.Domain.Tenancy.Quotas;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Tenancy.Quotas;

namespace DqPlatform.Infrastructure.Tenancy;

/// <summary>Workspaces of an organization (organization administration).</summary>
public sealed class WorkspaceStore(DqDbContext db, WorkspaceQuotas quotas)
{
    /// <summary>A new workspace if the organization's workspace quota has room (QUOTA_EXCEEDED otherwise, nothing stored).</summary>
    public async Task<Workspace> AddAsync(Guid organizationId, string name, CancellationToken cancellationToken)
    {
        var workspace = new Workspace { OrganizationId = organizationId, Name = name };
        db.Workspaces.Add(workspace);
        // Locked and counted per organization: the quota bounds the organization's workspaces.
        await db.SaveWithinQuotaAsync(quotas.For(organizationId), QuotaKind.Workspaces, organizationId,
            token => QuotaCounts.WorkspacesAsync(db, organizationId, token), cancellationToken);
        return workspace;
    }
}
