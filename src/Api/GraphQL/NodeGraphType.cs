using DqPlatform.Api.GraphQL.Nodes;
using DqPlatform.Api.GraphQL.Paging;
using GraphQL.Types;

namespace DqPlatform.Api.GraphQL;

/// <summary>An object type that implements Relay's <c>Node</c>, named by convention after its class.</summary>
public abstract class NodeGraphType<T> : ObjectGraphType<T>
{
    protected NodeGraphType(Func<T, string> key)
    {
        var typeName = GetType().Name.Replace("GraphType", "", StringComparison.Ordinal);
        Name = typeName;
        Interface<NodeInterface>();
        IsTypeOf = o => o is T;
        Field<NonNullGraphType<IdGraphType>>("id").Description("Global id, for `node(id:)`.")
            .Resolve(c => GlobalId.Encode(typeName, key(c.Source)));
    }

    protected static string KeyOf(Guid id) => id.ToString("N");
}
