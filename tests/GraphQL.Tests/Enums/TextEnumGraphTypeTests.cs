using DqPlatform.GraphQL.Enums;
using GraphQLParser.AST;

namespace DqPlatform.GraphQL.Tests.Enums;

/// <summary>Stored texts in any casing become SCREAMING_CASE values, and read back as the stored text.</summary>
public sealed class TextEnumGraphTypeTests
{
    [Theory]
    [InlineData("api", "API")]
    [InlineData("Succeeded", "SUCCEEDED")]
    [InlineData("saved_query", "SAVED_QUERY")]
    public void StoredText_IsWrittenInConstantCase_AndParsedBack(string stored, string name)
    {
        var type = new Sample();

        Assert.Equal(name, type.Serialize(stored));
        Assert.Equal(stored, type.ParseValue(name));
        Assert.Equal(stored, type.ParseLiteral(new GraphQLEnumValue(new GraphQLName(name))));
    }

    private sealed class Sample() : TextEnumGraphType("Sample", "Test values.", "api", "Succeeded", "saved_query");
}
