using DqPlatform.GraphQL.Lists.Projection;
using DqPlatform.GraphQL.Rendering;
using GraphQL.Types;

namespace DqPlatform.GraphQL.Relay;

/// <summary>An object type that implements Relay's <c>Node</c>, named by convention after its class.</summary>
public abstract class NodeGraphType<T> : ObjectGraphType<T>
{
    /// <summary>A type whose rows are keyed by a uuid.</summary>
    protected NodeGraphType(Func<T, Guid> id)
        : this((typeName, row) => GlobalId.Encode(typeName, id(row)))
    {
    }

    /// <summary>A type whose rows are keyed by something else (a composite key written as text).</summary>
    protected NodeGraphType(Func<T, string> key)
        : this((typeName, row) => GlobalId.Encode(typeName, key(row)))
    {
    }

    private NodeGraphType(Func<string, T, string> globalId)
    {
        var typeName = GetType().Name.Replace("GraphType", "", StringComparison.Ordinal);
        Name = typeName;
        Interface<NodeInterface>();
        IsTypeOf = o => o is T;
        // Reads only the key, which every page loads whatever else it leaves out.
        Field<NonNullGraphType<IdGraphType>>("id").Description("Global id, for `node(id:)`.")
            .ResolveFromSource(row => globalId(typeName, row)).Reads();
    }
}
