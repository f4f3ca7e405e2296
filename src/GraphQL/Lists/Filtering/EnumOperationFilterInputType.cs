using GraphQL.Types;

namespace DqPlatform.GraphQL.Lists.Filtering;

// The operation inputs of HotChocolate's filtering, with its names, so dashboards written against HotChocolate work.
/// <summary><c>{Enum}OperationFilterInput</c>: equality, sets and declaration order.</summary>
public sealed class EnumOperationFilterInputType<TEnum> : InputObjectGraphType
    where TEnum : struct, Enum
{
    public EnumOperationFilterInputType()
    {
        Name = $"{typeof(TEnum).Name}OperationFilterInput";
        Field<ListGraphType<NonNullGraphType<EnumOperationFilterInputType<TEnum>>>>("and");
        Field<ListGraphType<NonNullGraphType<EnumOperationFilterInputType<TEnum>>>>("or");
        Field<EnumerationGraphType<TEnum>>("eq");
        Field<EnumerationGraphType<TEnum>>("neq");
        Field<ListGraphType<NonNullGraphType<EnumerationGraphType<TEnum>>>>("in");
        Field<ListGraphType<NonNullGraphType<EnumerationGraphType<TEnum>>>>("nin");
        Field<EnumerationGraphType<TEnum>>("gt");
        Field<EnumerationGraphType<TEnum>>("gte");
        Field<EnumerationGraphType<TEnum>>("lt");
        Field<EnumerationGraphType<TEnum>>("lte");
    }
}
