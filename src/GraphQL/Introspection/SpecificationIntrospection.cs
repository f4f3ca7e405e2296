using GraphQL;
using GraphQL.Introspection;
using GraphQL.Resolvers;
using GraphQL.Types;

namespace DqPlatform.GraphQL.Introspection;

/// <summary>
/// Introspection as the October 2021 specification defines it, which graphql-js' <c>getIntrospectionQuery()</c> asks
/// for with its options and GraphQL.NET 8 serves only in part: the library's own switches give
/// <c>__Directive.isRepeatable</c>, <c>args(includeDeprecated:)</c> on <c>__Field</c>,
/// <c>inputFields(includeDeprecated:)</c> and <c>__InputValue.isDeprecated</c>/<c>deprecationReason</c>; what it lacks
/// (<c>__Type.specifiedByURL</c>, <c>__Directive.args(includeDeprecated:)</c>, <c>@specifiedBy</c>) is added to its
/// introspection types before the schema initializes them.
/// </summary>
public static class SpecificationIntrospection
{
    private const string IncludeDeprecated = "includeDeprecated";

    /// <summary>Call from the schema's constructor: the switches are read when the schema initializes.</summary>
    public static void Enable(ISchema schema)
    {
        schema.Features.RepeatableDirectives = true;
        schema.Features.DeprecationOfInputValues = true;
        schema.Filter = new SpecificationSchemaFilter();
        schema.Directives.Register(new SpecifiedByDirective());
    }

    /// <summary>Call from <c>Schema.OnBeforeInitializeType</c>: completes the introspection types the library made.</summary>
    public static void Complete(IGraphType graphType)
    {
        switch (graphType)
        {
            case __Type type when type.GetField("specifiedByURL") is null:
                type.AddField(new FieldType
                {
                    Name = "specifiedByURL",
                    Type = typeof(StringGraphType),
                    Resolver = new FuncFieldResolver<IGraphType, string?>(context => SpecifiedByDirective.UrlOf(context.Source)),
                });
                break;
            case __Directive directive when directive.GetField("args") is { } args && args.Arguments?.Find(IncludeDeprecated) is null:
                args.Arguments ??= new QueryArguments();
                args.Arguments.Add(new QueryArgument<BooleanGraphType> { Name = IncludeDeprecated, DefaultValue = false });
                args.Resolver = new FuncFieldResolver<Directive, IEnumerable<QueryArgument>>(context =>
                {
                    IEnumerable<QueryArgument> all = context.Source.Arguments ?? [];
                    return context.GetArgument<bool>(IncludeDeprecated) ? all : all.Where(a => string.IsNullOrWhiteSpace(a.DeprecationReason));
                });
                break;
        }
    }
}
