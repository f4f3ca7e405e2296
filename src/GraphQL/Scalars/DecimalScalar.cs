using System.Globalization;
using GraphQL.Types;
using GraphQLParser.AST;

namespace DqPlatform.GraphQL.Scalars;

/// <summary>
/// An exact decimal number, written as a JSON string in plain notation with no trailing zeros (<c>"7.1"</c>,
/// <c>"12345678901234567.89"</c>), as Shopify's <c>Decimal</c> is. Browsers parse every JSON number into a double,
/// which silently changes values past 15–17 significant digits (PostgreSQL's <c>numeric</c> averages have 20), and a
/// field that were a number for some values and a string for others would break typed clients and arithmetic.
/// Accepted as a string or a number.
/// </summary>
public sealed class DecimalScalar : ScalarGraphType
{
    private const NumberStyles Styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    public DecimalScalar()
    {
        Name = "Decimal";
        Description = "An exact decimal number, as a string without trailing zeros (e.g. \"7.1\"); given as a string or a number.";
    }

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        decimal d => Format(d),
        _ => Format(ParseValue(value) is decimal d ? d : 0m),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        decimal d => d,
        int or long or short or byte or sbyte or uint or ulong or ushort => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        double or float => FromFloat(Convert.ToDouble(value, CultureInfo.InvariantCulture)) ?? ThrowValueConversionError(value),
        System.Numerics.BigInteger b => b >= (System.Numerics.BigInteger)decimal.MinValue && b <= (System.Numerics.BigInteger)decimal.MaxValue ? (decimal)b : ThrowValueConversionError(value),
        string s => Parse(s) ?? ThrowValueConversionError(value),
        _ => ThrowValueConversionError(value),
    };

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLIntValue i => Parse(i.Value.Span) ?? ThrowLiteralConversionError(value),
        GraphQLFloatValue f => Parse(f.Value.Span) ?? ThrowLiteralConversionError(value),
        GraphQLStringValue s => Parse(s.Value.Span) ?? ThrowLiteralConversionError(value),
        _ => ThrowLiteralConversionError(value),
    };

    /// <summary>The invariant text of <paramref name="value"/> without the trailing zeros its scale carries.</summary>
    public static string Format(decimal value)
    {
        Span<char> text = stackalloc char[64];
        value.TryFormat(text, out var length, default, CultureInfo.InvariantCulture);
        var digits = text[..length];
        if (digits.Contains('.'))
        {
            digits = digits.TrimEnd('0').TrimEnd('.');
        }

        return digits is "-0" ? "0" : digits.ToString();
    }

    // decimal.TryParse refuses what overflows instead of throwing, so 1e400 is the client's mistake, not a fault.
    private static decimal? Parse(ReadOnlySpan<char> text) =>
        decimal.TryParse(text, Styles, CultureInfo.InvariantCulture, out var d) ? d : null;

    private static decimal? FromFloat(double value) =>
        double.IsFinite(value) && Math.Abs(value) < 7.9e28 ? decimal.Parse(value.ToString("R", CultureInfo.InvariantCulture), Styles, CultureInfo.InvariantCulture) : null;
}
