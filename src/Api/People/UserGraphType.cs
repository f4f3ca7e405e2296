using DqPlatform.Domain.People;
using DqPlatform.GraphQL.Lists.Projection;
using DqPlatform.GraphQL.Relay;
using DqPlatform.GraphQL.Rendering;
using GraphQL.Types;

namespace DqPlatform.Api.People;

/// <summary>
/// A person of the caller's organization. Only users of the caller's own organization are ever reached (as actors or
/// by <c>node(id:)</c>), so their email is shown to every caller that reaches them.
/// </summary>
public sealed class UserGraphType : NodeGraphType<User>
{
    public UserGraphType() : base(u => u.Id)
    {
        Description = "A person, signed in through the organization's identity provider.";
        Interface<ActorInterface>();
        Field(u => u.Name, nullable: true);
        Field(u => u.Email, nullable: true);
        Field<NonNullGraphType<StringGraphType>>("displayName").Description("Name and email, or whichever of them the identity provider gave.")
            .ResolveFromSource(u => ActorNames.OfUser(u.Name, u.Email, u.ExternalId))
            .Reads(nameof(User.Name), nameof(User.Email), nameof(User.ExternalId));
        Field(u => u.CreatedAt);
    }
}
