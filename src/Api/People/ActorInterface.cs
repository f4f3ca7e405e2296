using GraphQL.Types;

namespace DqPlatform.Api.People;

/// <summary>
/// Who did something (acknowledged an incident, changed a resource, ran a query, created a key, owns a saved query):
/// a <c>User</c> or an <c>ApiKey</c> acting as a service account. A user calling with a personal key is the user.
/// </summary>
public sealed class ActorInterface : InterfaceGraphType
{
    public ActorInterface()
    {
        Name = "Actor";
        Description = "Who did something: a `User`, or an `ApiKey` acting as a service account. A user's personal key acts as the user.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("Global id, for `node(id:)`.");
        Field<NonNullGraphType<StringGraphType>>("displayName").Description("A user's name and email, or a key's name and prefix.");
    }
}
