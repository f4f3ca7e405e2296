using DqPlatform.GraphQL.Scalars;
using GraphQL;
using GraphQLParser.AST;

namespace DqPlatform.GraphQL.Tests.Scalars;

/// <summary>Decimals are exact strings without the trailing zeros their scale carries; given as strings or numbers.</summary>
public sealed class DecimalScalarTests
{
    [Theory]
    [InlineData("7.1000000000000000", "7.1")]
    [InlineData("200", "200")]
    [InlineData("200.000", "200")]
    [InlineData("0.0000001000", "0.0000001")]
    [InlineData("-0.0", "0")]
    [InlineData("-12.50", "-12.5")]
    [InlineData("12345678901234567.89", "12345678901234567.89")]
    [InlineData("33.3333333333333333", "33.3333333333333333")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")]
    public void Serialize_WritesTheExactValue_WithoutTrailingZerosOrExponent(string stored, string expected)
    {
        var value = decimal.Parse(stored, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(expected, new DecimalScalar().Serialize(value));
        Assert.Equal(value, new DecimalScalar().ParseValue(expected));
    }

    [Fact]
    public void ParseValue_TakesStringsAndJsonNumbers()
    {
        var scalar = new DecimalScalar();

        Assert.Equal(7.1m, scalar.ParseValue("7.1"));
        Assert.Equal(7.1m, scalar.ParseValue(7.1d));
        Assert.Equal(42m, scalar.ParseValue(42));
        Assert.Equal(42m, scalar.ParseValue(42L));
        Assert.Equal(1500m, scalar.ParseValue("1.5e3"));
        Assert.Null(scalar.ParseValue(null));
    }

    [Fact]
    public void ParseLiteral_TakesIntsFloatsAndStrings()
    {
        var scalar = new DecimalScalar();

        Assert.Equal(7m, scalar.ParseLiteral(new GraphQLIntValue(7)));
        Assert.Equal(7.25m, scalar.ParseLiteral(new GraphQLFloatValue(7.25)));
        Assert.Equal(12345678901234567.89m, scalar.ParseLiteral(new GraphQLStringValue("12345678901234567.89")));
    }

    [Theory]
    [InlineData("seven")]
    [InlineData("1e400")]
    [InlineData("")]
    [InlineData("NaN")]
    public void Parse_RefusesWhatIsNotADecimal_AsAConversionError(string text)
    {
        var scalar = new DecimalScalar();

        Assert.ThrowsAny<InvalidOperationException>(() => scalar.ParseValue(text));
        Assert.ThrowsAny<InvalidOperationException>(() => scalar.ParseLiteral(new GraphQLStringValue(text)));
        Assert.ThrowsAny<InvalidOperationException>(() => scalar.ParseValue(double.PositiveInfinity));
        Assert.False(scalar.CanParseValue(text));
    }
}
