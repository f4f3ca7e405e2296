using DqPlatform.GraphQL.Introspection;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.GraphQL.Scalars;

/// <summary>A raw UUID (for soft references such as <c>orgId</c>), named as HotChocolate names it.</summary>
public sealed class UuidScalar : GuidGraphType
{
    public UuidScalar()
    {
        Name = "UUID";
        this.ApplyDirective(SpecifiedByDirective.DirectiveName, SpecifiedByDirective.UrlArgument, "https://www.rfc-editor.org/rfc/rfc9562");
    }
}
