using GraphQL.Types;

namespace DqPlatform.GraphQL.Lists.Filtering;

// The operation inputs of HotChocolate's filtering, with its names, so dashboards written against HotChocolate work.
/// <summary><c>IdOperationFilterInput</c>: equality and sets of global ids.</summary>
public sealed class IdOperationFilterInputType : InputObjectGraphType
{
    public IdOperationFilterInputType()
    {
        Name = "IdOperationFilterInput";
        Field<IdGraphType>("eq");
        Field<IdGraphType>("neq");
        Field<ListGraphType<IdGraphType>>("in");
        Field<ListGraphType<IdGraphType>>("nin");
    }
}
