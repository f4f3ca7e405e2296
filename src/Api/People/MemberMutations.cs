using DqPlatform.Api.GraphQL;
using DqPlatform.Api.Schema;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.People;

/// <summary>Memberships of the caller's workspace (<c>members:manage</c>) and organization-wide roles (<c>org:admin</c>); see <see cref="MemberCommands"/>.</summary>
public static class MemberMutations
{
    public static void Register(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<WorkspaceMemberGraphType>>("addMember")
            .Description("Adds a user of the organization to the caller's workspace with a role no more powerful than the caller's.")
            .Argument<NonNullGraphType<IdGraphType>>("userId")
            .Argument<NonNullGraphType<StringGraphType>>("role")
            .ResolveAsync(async c => await c.Service<MemberCommands>().AddAsync(UserId(c), c.GetArgument<string>("userId"), c.GetArgument<string>("role"), c.CancellationToken));

        mutation.Field<NonNullGraphType<WorkspaceMemberGraphType>>("inviteMember")
            .Description("Adds the person with this email to the caller's workspace; someone who has not signed in yet is a pending user until they do.")
            .Argument<NonNullGraphType<StringGraphType>>("email")
            .Argument<NonNullGraphType<StringGraphType>>("role")
            .ResolveAsync(async c => await c.Service<MemberCommands>().InviteAsync(c.GetArgument<string>("email"), c.GetArgument<string>("role"), c.CancellationToken));

        mutation.Field<NonNullGraphType<WorkspaceMemberGraphType>>("setMemberRole")
            .Description("Changes a member's role in the caller's workspace (the caller must hold both the old and the new role's scopes).")
            .Argument<NonNullGraphType<IdGraphType>>("userId")
            .Argument<NonNullGraphType<StringGraphType>>("role")
            .ResolveAsync(async c => await c.Service<MemberCommands>().SetRoleAsync(UserId(c), c.GetArgument<string>("userId"), c.GetArgument<string>("role"), c.CancellationToken));

        mutation.Field<NonNullGraphType<IdGraphType>>("removeMember")
            .Description("Takes a user out of the caller's workspace; their access ends on every node within seconds.")
            .Argument<NonNullGraphType<IdGraphType>>("userId")
            .ResolveAsync(async c =>
            {
                await c.Service<MemberCommands>().RemoveAsync(UserId(c), c.GetArgument<string>("userId"), c.CancellationToken);
                return c.GetArgument<string>("userId");
            });

        mutation.Field<NonNullGraphType<OrganizationMemberGraphType>>("setOrganizationRole")
            .Description("Sets a user's organization-wide role (owner, or a role held in every workspace); null clears it. The last owner stays one (CONFLICT).")
            .Argument<NonNullGraphType<IdGraphType>>("userId")
            .Argument<StringGraphType>("role")
            .ResolveAsync(async c => await c.Service<MemberCommands>().SetOrganizationRoleAsync(
                UserId(c), c.GetArgument<string>("userId"), c.GetArgument<string?>("role"), c.CancellationToken));
    }

    private static Guid UserId(IResolveFieldContext c) => MutationSupport.IdOf(c.GetArgument<string>("userId"), "User", "userId");
}
