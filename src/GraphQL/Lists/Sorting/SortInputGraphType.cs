using GraphQL.Types;

namespace DqPlatform.GraphQL.Lists.Sorting;

/// <summary><c>{Type}SortInput</c>: <c>order: [{firstSeen: DESC}, {name: ASC}]</c>.</summary>
public sealed class SortInputGraphType<T> : InputObjectGraphType
{
    public SortInputGraphType(ListSpec<T> spec)
    {
        Name = spec.TypeName + "SortInput";
        foreach (var field in spec.Fields.Where(f => f.Sortable))
        {
            Field<SortEnumGraphType>(field.Name);
        }
    }
}
