using GraphQL.Introspection;
using GraphQL.Types;

namespace DqPlatform.GraphQL.Introspection;

/// <summary>
/// GraphQL.NET's default filter hides <c>__Directive.isRepeatable</c> from the introspection of the introspection types
/// even when the field is served; tools that ask <c>__type(name: "__Directive")</c> whether a server has it must see it.
/// Everything else is filtered as by default (the experimental <c>appliedDirectives</c> stays hidden).
/// </summary>
public sealed class SpecificationSchemaFilter : DefaultSchemaFilter
{
    public override Task<bool> AllowField(IGraphType parent, IFieldType field) =>
        parent is __Directive && field.Name == "isRepeatable" ? Allowed : base.AllowField(parent, field);
}
