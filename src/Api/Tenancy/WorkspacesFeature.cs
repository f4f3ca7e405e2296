using DqPlatform.Api.Schema;
using DqPlatform.Domain.Tenancy;
using DqPlatform.GraphQL.Relay;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Tenancy;

/// <summary>The caller's workspace and organization: root fields, loaders, node types and the workspace's mutations.</summary>
public static class WorkspacesFeature
{
    public static IServiceCollection AddWorkspacesFeature(this IServiceCollection services)
    {
        services.AddScoped<WorkspaceCommands>();
        services.AddScoped<TenancyLoaders>();
        services.AddSingleton(TenancyLists.Workspaces);
        services.AddSingleton(NodeType.ByUuid("Organization",
            (s, ids, ct) => s.Data().Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToListAsync(ct), (Organization o) => o.Id));
        services.AddSingleton(NodeType.ByUuid("Workspace",
            (s, ids, ct) => s.Data().Workspaces.AsNoTracking().Where(w => ids.Contains(w.Id)).ToListAsync(ct), (Workspace w) => w.Id));
        return services;
    }

    public static void Register(QueryType query)
    {
        query.Field<NonNullGraphType<WorkspaceGraphType>>("workspace").Description("The workspace of the calling API key.")
            .ResolveAsync(async c => await c.Data().Workspaces.AsNoTracking().SingleAsync(c.CancellationToken));
        query.Field<NonNullGraphType<OrganizationGraphType>>("organization")
            .ResolveAsync(async c => await c.Data().Organizations.AsNoTracking().SingleAsync(c.CancellationToken));
    }

    public static void Register(MutationType mutation) => WorkspaceMutations.Register(mutation);
}
