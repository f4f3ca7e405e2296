using GraphQL.Types;

namespace DqPlatform.GraphQL.Lists.Filtering;

// The operation inputs of HotChocolate's filtering, with its names, so dashboards written against HotChocolate work.
/// <summary><c>BooleanOperationFilterInput</c>: equality.</summary>
public sealed class BooleanOperationFilterInputType : InputObjectGraphType
{
    public BooleanOperationFilterInputType()
    {
        Name = "BooleanOperationFilterInput";
        Field<ListGraphType<NonNullGraphType<BooleanOperationFilterInputType>>>("and");
        Field<ListGraphType<NonNullGraphType<BooleanOperationFilterInputType>>>("or");
        Field<BooleanGraphType>("eq");
        Field<BooleanGraphType>("neq");
    }
}
