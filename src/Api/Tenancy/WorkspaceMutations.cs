using DqPlatform.Api.GraphQL;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Security;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.Tenancy;

/// <summary>Organization administration (scope <c>org:admin</c>).</summary>
public static class WorkspaceMutations
{
    public static void Register(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<WorkspaceGraphType>>("createWorkspace")
            .Description("Creates a workspace in the caller's organization.")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .ResolveAsync(async c => await c.Service<WorkspaceCommands>().CreateAsync(c.GetArgument<string>("name"), c.CancellationToken));

        mutation.Field<NonNullGraphType<IntGraphType>>("reencryptConnectionConfigs")
            .Description("Re-seals every connection config and webhook secret of the organization with the active encryption key; returns how many changed.")
            .ResolveAsync(async c => await c.Service<WorkspaceCommands>().ReencryptCredentialsAsync(c.CancellationToken));
    }
}
