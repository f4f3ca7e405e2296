using DqPlatform.Domain.People;
using DqPlatform.Domain.Tenancy;
using DqPlatform.GraphQL.Relay;
using DqPlatform.Infrastructure.People;
using GraphQL.Types;

namespace DqPlatform.Api.People;

/// <summary>What <c>me</c> answers: the user, where they belong, and what they may do in the workspace of this call.</summary>
public sealed record MeView(User User, Caller Caller, IReadOnlyList<PeopleReads.OrganizationRole> Organizations, IReadOnlyList<PeopleReads.WorkspaceRole> Workspaces);

public sealed class MeGraphType : ObjectGraphType<MeView>
{
    public MeGraphType()
    {
        Name = "Me";
        Description = "The signed-in user (or the user of a personal key).";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The global id of the user.").Resolve(c => GlobalId.Encode("User", c.Source.User.Id));
        Field<NonNullGraphType<UserGraphType>>("user").Description("The user as an actor elsewhere in the graph.").Resolve(c => c.Source.User);
        Field<StringGraphType>("email").Resolve(c => c.Source.User.Email);
        Field<StringGraphType>("name").Resolve(c => c.Source.User.Name);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MyOrganizationGraphType>>>>("organizations").Resolve(c => c.Source.Organizations);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MyWorkspaceGraphType>>>>("workspaces")
            .Description("Every workspace the user reaches: their memberships, and all of an organization where they hold an organization-wide role.")
            .Resolve(c => c.Source.Workspaces);
        Field<IdGraphType>("workspaceId").Description("The workspace this call acts in; null when the user has several and named none.")
            .Resolve(c => c.Source.Caller.HasWorkspace ? GlobalId.Encode("Workspace", c.Source.Caller.WorkspaceId) : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("roles").Description("The roles that give this call its scopes.")
            .Resolve(c => c.Source.Caller.Roles.Order(StringComparer.Ordinal).ToList());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("scopes")
            .Description("What this call may do in its workspace (for a personal key, no more than the key's own scopes).")
            .Resolve(c => ApiKeyScopes.All.Where(c.Source.Caller.Has).ToList());
    }
}

public sealed class MyOrganizationGraphType : ObjectGraphType<PeopleReads.OrganizationRole>
{
    public MyOrganizationGraphType()
    {
        Name = "MyOrganization";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => GlobalId.Encode("Organization", c.Source.Id));
        Field(o => o.Name);
        Field(o => o.Slug, nullable: true);
        Field(o => o.Role, nullable: true).Description("The user's organization-wide role; null when their access is per workspace.");
    }
}

public sealed class MyWorkspaceGraphType : ObjectGraphType<PeopleReads.WorkspaceRole>
{
    public MyWorkspaceGraphType()
    {
        Name = "MyWorkspace";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => GlobalId.Encode("Workspace", c.Source.Id));
        Field(w => w.Name);
        Field<NonNullGraphType<IdGraphType>>("organizationId").Resolve(c => GlobalId.Encode("Organization", c.Source.OrganizationId));
        Field(w => w.Role, nullable: true).Description("The user's role in this workspace; null when they reach it by an organization-wide role only.");
    }
}
