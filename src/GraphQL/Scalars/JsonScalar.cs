using System.Text.Json;
using DqPlatform.GraphQL.Introspection;
using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;

namespace DqPlatform.GraphQL.Scalars;

/// <summary>Any JSON value. Outgoing values are JSON text stored in the database; incoming ones are parsed literals or variables.</summary>
public sealed class JsonScalar : ScalarGraphType
{
    public JsonScalar()
    {
        Name = "JSON";
        Description = "Any JSON value.";
        this.ApplyDirective(SpecifiedByDirective.DirectiveName, SpecifiedByDirective.UrlArgument, "https://www.rfc-editor.org/rfc/rfc8259");
    }

    public override object? Serialize(object? value) => value switch
    {
        string text => JsonSerializer.Deserialize<JsonElement>(text),
        _ => value,
    };

    public override object? ParseValue(object? value) => value;

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLObjectValue o => (o.Fields ?? []).ToDictionary(f => f.Name.StringValue, f => ParseLiteral(f.Value)),
        GraphQLListValue l => (l.Values ?? []).Select(ParseLiteral).ToList(),
        GraphQLStringValue s => s.Value.ToString(),
        GraphQLIntValue i => long.Parse(i.Value.Span, provider: System.Globalization.CultureInfo.InvariantCulture),
        GraphQLFloatValue f => double.Parse(f.Value.Span, provider: System.Globalization.CultureInfo.InvariantCulture),
        GraphQLBooleanValue b => b.BoolValue,
        GraphQLNullValue => null,
        _ => ThrowLiteralConversionError(value),
    };
}
