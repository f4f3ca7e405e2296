using DqPlatform.Domain.People;
using DqPlatform.GraphQL.Relay;
using GraphQL.Types;

namespace DqPlatform.Api.People;

/// <summary>A user's membership of a workspace, with who they are (the user's id is the global id of a <c>User</c>).</summary>
public sealed class WorkspaceMemberGraphType : ObjectGraphType<WorkspaceMember>
{
    public WorkspaceMemberGraphType()
    {
        Name = "WorkspaceMember";
        Field<NonNullGraphType<IdGraphType>>("userId").Resolve(c => GlobalId.Encode("User", c.Source.UserId));
        Field<StringGraphType>("email").Resolve(c => c.Source.User?.Email);
        Field<StringGraphType>("name").Resolve(c => c.Source.User?.Name);
        Field<NonNullGraphType<StringGraphType>>("role").Description("A built-in role (viewer, operator, editor, admin) or a custom role's slug.").Resolve(c => c.Source.Role);
        Field<NonNullGraphType<BooleanGraphType>>("pending").Description("Invited by email and not signed in yet.")
            .Resolve(c => c.Source.User is { } user && Invitations.IsPending(user));
        Field(m => m.CreatedAt);
    }
}

/// <summary>A user's place in the organization and their organization-wide role (owner, or any role held in every workspace).</summary>
public sealed class OrganizationMemberGraphType : ObjectGraphType<OrganizationMember>
{
    public OrganizationMemberGraphType()
    {
        Name = "OrganizationMember";
        Field<NonNullGraphType<IdGraphType>>("userId").Resolve(c => GlobalId.Encode("User", c.Source.UserId));
        Field<StringGraphType>("email").Resolve(c => c.Source.User?.Email);
        Field<StringGraphType>("name").Resolve(c => c.Source.User?.Name);
        Field<StringGraphType>("role").Description("Null: the user's access comes from workspace memberships only.").Resolve(c => c.Source.Role);
        Field<NonNullGraphType<BooleanGraphType>>("fromIdentityProvider").Description("The role was mapped from the identity provider's group claim at sign-in.")
            .Resolve(c => c.Source.Source == MembershipSource.Claims && c.Source.Role is not null);
    }
}

/// <summary>A role: built in, or the organization's own named set of scopes.</summary>
public sealed record RoleView(string Slug, string Name, IReadOnlyList<string> Scopes, bool BuiltIn)
{
    public static RoleView Of(CustomRole role) => new(role.Slug, role.Name, role.Scopes, false);

    public static IEnumerable<RoleView> BuiltInRoles =>
        Roles.BuiltIn.Select(r => new RoleView(r, char.ToUpperInvariant(r[0]) + r[1..], Roles.ScopesOf(r)!, true));
}

public sealed class RoleGraphType : ObjectGraphType<RoleView>
{
    public RoleGraphType()
    {
        Name = "Role";
        Field(r => r.Slug);
        Field(r => r.Name);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("scopes").Resolve(c => c.Source.Scopes);
        Field(r => r.BuiltIn);
    }
}
