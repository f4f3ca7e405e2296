using GraphQL;
using GraphQL.Builders;
using GraphQL.Resolvers;
using GraphQL.Types;

namespace DqPlatform.Api.GraphQL.Rendering;

/// <summary>
/// Fields whose value is a function of their source row alone (no services, no arguments), declared so that a page
/// of rows can be rendered without running each field through the executor (<see cref="PlainSelection"/>).
/// The declared function is also the field's resolver, so the two cannot disagree.
/// </summary>
public static class SourceValues
{
    private const string MetadataKey = "dqp:source-value";

    /// <summary>What a preloaded field's function answers when its row was read without the related row.</summary>
    public static readonly object NotLoaded = new();

    public static FieldBuilder<TSource, object> ResolveFromSource<TSource>(this FieldBuilder<TSource, object> field, Func<TSource, object?> value)
    {
        field.Resolve(c => value(c.Source));
        return Declare(field, value);
    }

    /// <summary>
    /// A related row that list pages preload (<c>ListSpec.Preload</c>): <paramref name="preloaded"/> reads it from the
    /// source, or answers <see cref="NotLoaded"/>, in which case <paramref name="load"/> fetches it (a batch loader).
    /// </summary>
    public static FieldBuilder<TSource, object> ResolvePreloaded<TSource>(
        this FieldBuilder<TSource, object> field, Func<TSource, object?> preloaded, Func<IResolveFieldContext<TSource>, object?> load)
    {
        field.Resolve(c => preloaded(c.Source) is var value && ReferenceEquals(value, NotLoaded) ? load(c) : value);
        return Declare(field, preloaded);
    }

    /// <summary>The field's source function, or null when it has none or its resolver has since been replaced (middleware).</summary>
    internal static Func<object, object?>? Of(FieldType field) =>
        field.Metadata.TryGetValue(MetadataKey, out var declared) && declared is Declared d && ReferenceEquals(d.Resolver, field.Resolver) ? d.Value : null;

    private static FieldBuilder<TSource, object> Declare<TSource>(FieldBuilder<TSource, object> field, Func<TSource, object?> value)
    {
        field.FieldType.Metadata[MetadataKey] = new Declared(field.FieldType.Resolver, row => value((TSource)row));
        return field;
    }

    private sealed record Declared(IFieldResolver? Resolver, Func<object, object?> Value);
}
