using GraphQL.Builders;
using GraphQL.Resolvers;
using GraphQL.Types;

namespace DqPlatform.GraphQL.Lists.Projection;

/// <summary>
/// Which entity properties a field's resolver reads, so a list page can load only the columns its selection needs.
/// A field made from a property expression (<c>Field(i => i.Severity)</c>) reads that property; any other field reads
/// what it declares with <see cref="Reads{TSource, TReturn}"/>, and a field that declares nothing may read anything,
/// which makes its page load every column.
/// </summary>
public static class ColumnReads
{
    private const string MetadataKey = "dqp:reads";

    // The metadata key under which GraphQL.NET's Field(x => x.Property) records the property (its constant is not
    // public); ColumnReadsTests fail if it ever changes.
    private const string ExpressionProperty = "ORIGINAL_EXPRESSION_PROPERTY_NAME";

    /// <summary>Declares the properties this field's resolver reads from its source (the key is always loaded).</summary>
    public static FieldBuilder<TSource, TReturn> Reads<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, params string[] properties)
    {
        field.FieldType.Metadata[MetadataKey] = properties;
        return field;
    }

    /// <summary>The properties <paramref name="field"/> reads, or null when it may read any.</summary>
    public static IReadOnlyList<string>? Of(FieldType field)
    {
        if (field.Metadata.TryGetValue(MetadataKey, out var declared))
        {
            return (string[])declared!;
        }

        // GraphQL.NET records the property of Field(x => x.Property), and keeps it even if .Resolve() later replaces
        // the resolver: only trust it while the expression's own resolver is in place. It records only the last
        // member of a path, so a field over a related row (x => x.Connection.Name) must be written with a resolver
        // and .Reads(...) instead: none is written as a path today.
        return field.Resolver?.GetType() is { IsGenericType: true } resolver
            && resolver.GetGenericTypeDefinition() == typeof(ExpressionFieldResolver<,>)
            && field.Metadata.TryGetValue(ExpressionProperty, out var property)
            && property is string name
                ? [name]
                : null;
    }
}
