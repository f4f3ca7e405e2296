using DqPlatform.Api.Auth;
using DqPlatform.Api.Schema;
using DqPlatform.Api.Tenancy;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.People;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.People;

/// <summary>
/// <c>Workspace.members</c>, <c>Organization.members</c> and <c>Organization.roles</c>. Whoever can see the workspace or
/// organization (scope <c>read</c>) sees who belongs to it; nothing else about the users is shown.
/// </summary>
public static class PeopleFields
{
    public static void Register(WorkspaceGraphType workspace) =>
        workspace.Field<NonNullGraphType<ListGraphType<NonNullGraphType<WorkspaceMemberGraphType>>>>("members")
            .Description("The workspace's members and their roles (users with an organization-wide role reach it too: see organization.members).")
            .ResolveAsync(async c =>
            {
                c.Service<RequestCaller>().Require(ApiKeyScopes.Read);
                return await c.Service<MembershipStore>().OfWorkspaceAsync(c.Source.Id, c.CancellationToken);
            });

    public static void Register(OrganizationGraphType organization)
    {
        organization.Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrganizationMemberGraphType>>>>("members")
            .Description("Everyone in the organization, with their organization-wide role if they have one.")
            .ResolveAsync(async c =>
            {
                c.Service<RequestCaller>().Require(ApiKeyScopes.Read);
                return await c.Service<MembershipStore>().OfOrganizationAsync(c.Source.Id, c.CancellationToken);
            });

        organization.Field<NonNullGraphType<ListGraphType<NonNullGraphType<RoleGraphType>>>>("roles")
            .Description("The built-in roles, then the organization's custom roles.")
            .ResolveAsync(async c =>
            {
                c.Service<RequestCaller>().Require(ApiKeyScopes.Read);
                var custom = await c.Service<RoleStore>().OfOrganizationAsync(c.Source.Id, c.CancellationToken);
                return RoleView.BuiltInRoles.Concat(custom.Select(RoleView.Of)).ToList();
            });
    }
}
