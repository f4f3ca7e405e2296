using DqPlatform.Api.GraphQL;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Security;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.Tenancy;

/// <summary>Workspaces: create and delete (<c>org:admin</c>), rename (<c>workspace:manage</c>), re-seal credentials (<c>org:admin</c>).</summary>
public static class WorkspaceMutations
{
    public static void Register(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<WorkspaceGraphType>>("createWorkspace")
            .Description("Creates a workspace in the caller's organization; a user who creates one becomes its admin.")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .ResolveAsync(async c => await c.Service<WorkspaceCommands>().CreateAsync(c.GetArgument<string>("name"), c.CancellationToken));

        mutation.Field<NonNullGraphType<WorkspaceGraphType>>("updateWorkspace")
            .Description("Renames the caller's workspace (workspace:manage); organization admins may rename any workspace of the organization.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .ResolveAsync(async c =>
            {
                var id = c.GetArgument<string>("id");
                return await c.Service<WorkspaceCommands>().UpdateAsync(MutationSupport.IdOf(id, "Workspace"), id, c.GetArgument<string>("name"), c.CancellationToken);
            });

        mutation.Field<NonNullGraphType<IdGraphType>>("deleteWorkspace")
            .Description("Deletes a workspace of the organization with everything in it (org:admin). Not the workspace the call acts in, nor the organization's only one (CONFLICT).")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var id = c.GetArgument<string>("id");
                await c.Service<WorkspaceCommands>().DeleteAsync(MutationSupport.IdOf(id, "Workspace"), id, c.CancellationToken);
                return id;
            });

        mutation.Field<NonNullGraphType<IntGraphType>>("reencryptConnectionConfigs")
            .Description("Re-seals every connection config and webhook secret of the organization with the active encryption key; returns how many changed.")
            .ResolveAsync(async c => await c.Service<WorkspaceCommands>().ReencryptCredentialsAsync(c.CancellationToken));
    }
}
