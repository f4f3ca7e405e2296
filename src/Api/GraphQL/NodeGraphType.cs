using DqPlatform.Api.GraphQL.Nodes;
using DqPlatform.Api.GraphQL.Paging;
using GraphQL.Types;

namespace DqPlatform.Api.GraphQL;

/// <summary>An object type that implements Relay's <c>Node</c>, named by convention after its class.</summary>
public abstract class NodeGraphType<T> : ObjectGraphType<T>
{
    /// <summary>A type whose rows are keyed by a uuid.</summary>
    protected NodeGraphType(Func<T, Guid> id)
    {
        var typeName = Declare();
        Field<NonNullGraphType<IdGraphType>>("id").Description("Global id, for `node(id:)`.")
            .Resolve(c => GlobalId.Encode(typeName, id(c.Source)));
    }

    /// <summary>A type whose rows are keyed by something else (a composite key written as text).</summary>
    protected NodeGraphType(Func<T, string> key)
    {
        var typeName = Declare();
        Field<NonNullGraphType<IdGraphType>>("id").Description("Global id, for `node(id:)`.")
            .Resolve(c => GlobalId.Encode(typeName, key(c.Source)));
    }

    private string Declare()
    {
        Name = GetType().Name.Replace("GraphType", "", StringComparison.Ordinal);
        Interface<NodeInterface>();
        IsTypeOf = o => o is T;
        return Name;
    }
}
