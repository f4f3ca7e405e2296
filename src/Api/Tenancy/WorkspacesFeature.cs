using DqPlatform.Api.Schema;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Domain.Tenancy;
using DqPlatform.GraphQL.Relay;
using GraphQL.Types;

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
            (s, ids, ct) => WorkspaceData.ByIdsAsync(s.Data().Organizations, ids, ct), (Organization o) => o.Id));
        services.AddSingleton(NodeType.ByUuid("Workspace",
            (s, ids, ct) => WorkspaceData.ByIdsAsync(s.Data().Workspaces, ids, ct), (Workspace w) => w.Id));
        return services;
    }

    public static void Register(QueryType query)
    {
        query.Field<NonNullGraphType<WorkspaceGraphType>>("workspace").Description("The workspace of the calling API key.")
            .ResolveAsync(async c => await c.Data().CurrentWorkspaceAsync(c.CancellationToken));
        query.Field<NonNullGraphType<OrganizationGraphType>>("organization")
            .ResolveAsync(async c => await c.Data().CurrentOrganizationAsync(c.CancellationToken));
    }

    public static void Register(MutationType mutation) => WorkspaceMutations.Register(mutation);
}
