using GraphQL;
using GraphQL.Builders;

namespace DqPlatform.GraphQL.Rendering;

/// <summary>
/// What feature graph types call to declare a field whose value is a function of its source row alone (no services,
/// no arguments), so that a page of rows can be rendered without running each field through the executor
/// (<see cref="PlainSelection"/>). The declared function is also the field's resolver, so the two cannot disagree.
/// </summary>
public static class SourceValueFields
{
    /// <summary>What a preloaded field's function answers when its row was read without the related row.</summary>
    public static readonly object NotLoaded = new();

    public static FieldBuilder<TSource, object> ResolveFromSource<TSource>(this FieldBuilder<TSource, object> field, Func<TSource, object?> value)
    {
        field.Resolve(c => value(c.Source));
        return SourceValues.Declare(field, value);
    }

    /// <summary>
    /// A related row that list pages preload (<c>ListSpec.Preload</c>): <paramref name="preloaded"/> reads it from the
    /// source, or answers <see cref="NotLoaded"/>, in which case <paramref name="load"/> fetches it (a batch loader).
    /// </summary>
    public static FieldBuilder<TSource, object> ResolvePreloaded<TSource>(
        this FieldBuilder<TSource, object> field, Func<TSource, object?> preloaded, Func<IResolveFieldContext<TSource>, object?> load)
    {
        field.Resolve(c => preloaded(c.Source) is var value && ReferenceEquals(value, NotLoaded) ? load(c) : value);
        return SourceValues.Declare(field, preloaded);
    }
}
