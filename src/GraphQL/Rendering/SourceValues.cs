using GraphQL.Builders;
using GraphQL.Resolvers;
using GraphQL.Types;

namespace DqPlatform.GraphQL.Rendering;

/// <summary>
/// The source functions fields declared through <see cref="SourceValueFields"/>, kept in the field's metadata next to
/// the resolver they were declared with.
/// </summary>
internal static class SourceValues
{
    private const string MetadataKey = "dqp:source-value";

    /// <summary>The field's source function, or null when it has none or its resolver has since been replaced (middleware).</summary>
    public static Func<object, object?>? Of(FieldType field) =>
        field.Metadata.TryGetValue(MetadataKey, out var declared) && declared is Declared d && ReferenceEquals(d.Resolver, field.Resolver) ? d.Value : null;

    public static FieldBuilder<TSource, object> Declare<TSource>(FieldBuilder<TSource, object> field, Func<TSource, object?> value)
    {
        field.FieldType.Metadata[MetadataKey] = new Declared(field.FieldType.Resolver, row => value((TSource)row));
        return field;
    }

    private sealed record Declared(IFieldResolver? Resolver, Func<object, object?> Value);
}
