using GraphQL.Types;

namespace DqPlatform.GraphQL.Scalars;

/// <summary>A raw UUID (for soft references such as <c>orgId</c>), named as HotChocolate names it.</summary>
public sealed class UuidScalar : GuidGraphType
{
    public UuidScalar()
    {
        Name = "UUID";
    }
}
