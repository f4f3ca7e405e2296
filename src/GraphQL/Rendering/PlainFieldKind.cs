namespace DqPlatform.GraphQL.Rendering;

/// <summary>What a <see cref="PlainField"/> writes: the type's name, a serialized scalar, or a nested plain object.</summary>
internal enum PlainFieldKind
{
    Typename,
    Scalar,
    Object,
}
