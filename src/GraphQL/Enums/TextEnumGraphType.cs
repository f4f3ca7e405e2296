using GraphQL;
using GraphQL.Types;

namespace DqPlatform.GraphQL.Enums;

/// <summary>
/// An enum over a fixed set of texts a column stores (<c>api</c>, <c>Succeeded</c>, <c>saved_query</c>): clients
/// read and write the values in one casing (<c>API</c>, <c>SUCCEEDED</c>, <c>SAVED_QUERY</c>), while resolvers,
/// inputs and filters keep working with the stored text, so the database and the domain are untouched.
/// </summary>
public abstract class TextEnumGraphType : EnumerationGraphType
{
    protected TextEnumGraphType(string name, string description, params string[] storedTexts)
    {
        Name = name;
        Description = description;
        foreach (var text in storedTexts)
        {
            Add(text.ToConstantCase(), text);
        }
    }
}
