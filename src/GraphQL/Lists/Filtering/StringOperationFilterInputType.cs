using GraphQL.Types;

namespace DqPlatform.GraphQL.Lists.Filtering;

// The operation inputs of HotChocolate's filtering, with its names, so dashboards written against HotChocolate work.
/// <summary><c>StringOperationFilterInput</c>: equality, sets and text matching on a text column.</summary>
public sealed class StringOperationFilterInputType : InputObjectGraphType
{
    public StringOperationFilterInputType()
    {
        Name = "StringOperationFilterInput";
        Field<ListGraphType<NonNullGraphType<StringOperationFilterInputType>>>("and");
        Field<ListGraphType<NonNullGraphType<StringOperationFilterInputType>>>("or");
        Field<StringGraphType>("eq");
        Field<StringGraphType>("neq");
        Field<StringGraphType>("contains");
        Field<StringGraphType>("ncontains");
        Field<ListGraphType<StringGraphType>>("in");
        Field<ListGraphType<StringGraphType>>("nin");
        Field<StringGraphType>("startsWith");
        Field<StringGraphType>("nstartsWith");
        Field<StringGraphType>("endsWith");
        Field<StringGraphType>("nendsWith");
    }
}
