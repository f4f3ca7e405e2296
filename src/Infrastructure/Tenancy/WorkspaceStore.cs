using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Persistence;

namespace DqPlatform.Infrastructure.Tenancy;

/// <summary>Workspaces of an organization (organization administration).</summary>
public sealed class WorkspaceStore(DqDbContext db)
{
    public async Task<Workspace> AddAsync(Guid organizationId, string name, CancellationToken cancellationToken)
    {
        var workspace = new Workspace { OrganizationId = organizationId, Name = name };
        db.Workspaces.Add(workspace);
        await db.SaveOrConflictAsync(cancellationToken);
        return workspace;
    }
}
