using GraphQL.Types;

namespace DqPlatform.GraphQL.Lists.Filtering;

// The operation inputs of HotChocolate's filtering, with its names, so dashboards written against HotChocolate work.
/// <summary><c>ListStringOperationFilterInput</c>: conditions on the elements of a text array.</summary>
public sealed class ListStringOperationFilterInputType : InputObjectGraphType
{
    public ListStringOperationFilterInputType()
    {
        Name = "ListStringOperationFilterInput";
        Field<StringOperationFilterInputType>("all");
        Field<StringOperationFilterInputType>("none");
        Field<StringOperationFilterInputType>("some");
        Field<BooleanGraphType>("any");
    }
}
