using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;

namespace DqPlatform.GraphQL.Introspection;

/// <summary>
/// The specification's <c>@specifiedBy(url:)</c> on a custom scalar (October 2021), which GraphQL.NET 8 does not
/// define: the URL says what the scalar's text means, and introspection serves it as <c>__Type.specifiedByURL</c>, so a
/// code generator or an IDE can map the scalar without guessing from its name.
/// </summary>
public sealed class SpecifiedByDirective : Directive
{
    public const string DirectiveName = "specifiedBy";
    public const string UrlArgument = "url";

    public SpecifiedByDirective()
        : base(DirectiveName, DirectiveLocation.Scalar)
    {
        Description = "Exposes a URL that specifies the behavior of this scalar.";
        Arguments = new QueryArguments(new QueryArgument<NonNullGraphType<StringGraphType>>
        {
            Name = UrlArgument,
            Description = "The URL that specifies the behavior of this scalar.",
        });
    }

    /// <summary>GraphQL.NET lists only executable directives by default; the specification lists every built-in one.</summary>
    public override bool? Introspectable => true;

    /// <summary>The URL applied to <paramref name="type"/>, or null when it is not a scalar or names none.</summary>
    public static string? UrlOf(IGraphType? type) =>
        type is ScalarGraphType scalar ? scalar.FindAppliedDirective(DirectiveName)?.FindArgument(UrlArgument)?.Value as string : null;
}
