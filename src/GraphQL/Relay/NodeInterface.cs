using GraphQL.Types;

namespace DqPlatform.GraphQL.Relay;

/// <summary>Relay's <c>Node</c>: anything with a global id can be refetched with <c>node(id:)</c>.</summary>
public sealed class NodeInterface : InterfaceGraphType
{
    public NodeInterface()
    {
        Name = "Node";
        Description = "An object with a globally unique id, refetchable with `node(id:)`.";
        Field<NonNullGraphType<IdGraphType>>("id");
    }
}
