using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Incidents;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Tenancy;

namespace DqPlatform.Api.Incidents;

/// <summary>
/// How the caller's workspace keeps incidents (<c>workspace:manage</c>): the grouping and the minimum severity. They
/// apply from the next stored run on; active incidents keep their group (see <see cref="IncidentGroups"/>).
/// </summary>
public sealed class IncidentSettingsCommands(WorkspaceStore workspaces, ICurrentCaller caller, IClock clock)
{
    public async Task<Workspace> UpdateAsync(IncidentGrouping? grouping, CheckSeverity? minimumSeverity, CancellationToken cancellationToken)
    {
        var admin = caller.Require(ApiKeyScopes.ManageWorkspace);
        if (grouping is null && minimumSeverity is null)
        {
            throw new ValidationException("Give 'grouping', 'minimumSeverity' or both.", "grouping");
        }

        var workspace = await workspaces.FindAsync(admin.OrganizationId, admin.WorkspaceId, cancellationToken)
            ?? throw new NotFoundException("Workspace", admin.WorkspaceId);
        workspace.IncidentGrouping = grouping ?? workspace.IncidentGrouping;
        workspace.IncidentMinimumSeverity = minimumSeverity ?? workspace.IncidentMinimumSeverity;
        workspace.UpdatedAt = clock.UtcNow;
        await workspaces.SaveAsync(cancellationToken);
        return workspace;
    }
}
