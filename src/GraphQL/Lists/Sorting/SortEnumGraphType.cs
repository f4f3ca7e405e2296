using GraphQL.Types;

namespace DqPlatform.GraphQL.Lists.Sorting;

/// <summary>HotChocolate's name for the sort directions, so dashboards written against it work.</summary>
public sealed class SortEnumGraphType : EnumerationGraphType<SortDirection>
{
    public SortEnumGraphType() => Name = "SortEnumType";
}
