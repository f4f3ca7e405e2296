using DqPlatform.GraphQL.Enums;
using GraphQL.Types;

namespace DqPlatform.GraphQL.Lists.Filtering;

// The operation inputs of HotChocolate's filtering, with its names, so dashboards written against HotChocolate work.
/// <summary>
/// <c>{Enum}OperationFilterInput</c> for an enum stored as text: equality and sets (HotChocolate's enum operations);
/// the values arrive as the stored texts, compared as parameters.
/// </summary>
public sealed class TextEnumOperationFilterInputType<TEnum> : InputObjectGraphType
    where TEnum : TextEnumGraphType, new()
{
    public TextEnumOperationFilterInputType()
    {
        Name = $"{new TEnum().Name}OperationFilterInput";
        Field<ListGraphType<NonNullGraphType<TextEnumOperationFilterInputType<TEnum>>>>("and");
        Field<ListGraphType<NonNullGraphType<TextEnumOperationFilterInputType<TEnum>>>>("or");
        Field<TEnum>("eq");
        Field<TEnum>("neq");
        Field<ListGraphType<NonNullGraphType<TEnum>>>("in");
        Field<ListGraphType<NonNullGraphType<TEnum>>>("nin");
    }
}
