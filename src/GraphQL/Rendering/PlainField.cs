using System.Text.Json;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.GraphQL.Rendering;

/// <summary>One field of a <see cref="PlainSelection"/>: its response key, how to read it, and its type.</summary>
internal sealed record PlainField(string Key, PlainFieldKind Kind, Func<object, ResolveFieldContext, object?>? Getter, ScalarGraphType? Scalar, PlainSelection? Selection, bool NonNull)
{
    public JsonEncodedText EncodedKey { get; } = JsonEncodedText.Encode(Key);
}
