using DqPlatform.Api.Schema;
using DqPlatform.Api.Tenancy;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.People;

/// <summary><c>createOrganization</c>, for platform operators (see <see cref="OrganizationCommands"/>).</summary>
public static class OrganizationMutations
{
    public static void Register(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<OrganizationGraphType>>("createOrganization")
            .Description("Creates an organization with a first workspace, owned by the calling platform operator (Dqp:Platform:Operators); FORBIDDEN for anyone else.")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .Argument<NonNullGraphType<StringGraphType>>("slug")
            .Argument<StringGraphType>("workspaceName", "The first workspace's name (default \"default\").")
            .ResolveAsync(async c => await c.Service<OrganizationCommands>().CreateAsync(
                c.GetArgument<string>("name"), c.GetArgument<string>("slug"), c.GetArgument<string?>("workspaceName"), c.CancellationToken));
}
