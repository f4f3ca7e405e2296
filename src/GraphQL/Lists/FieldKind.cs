namespace DqPlatform.GraphQL.Lists;

/// <summary>Which HotChocolate-style operation input a field filters with.</summary>
public enum FieldKind
{
    String,
    Comparable,
    Uuid,
    Boolean,
    Enum,
    StringList,
    GlobalId,
}
