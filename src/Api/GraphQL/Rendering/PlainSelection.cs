using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Resolvers;
using GraphQL.Types;
using GraphQLParser.AST;

namespace DqPlatform.Api.GraphQL.Rendering;

/// <summary>
/// A selection set over an object type whose every field can be read straight from the row: scalar fields that read
/// a property (<c>Field(x => x.Name)</c>) or declare a <see cref="SourceValues">source function</see>, and object fields
/// of the same kind with plain selections of their own. No arguments, directives, fragments or repeated keys: those
/// need the executor. A page of such rows is rendered into <see cref="RenderedRows"/> in one pass instead of as an
/// execution node per field and row, which was most of GraphQL.NET's share of a dashboard request.
/// </summary>
internal sealed class PlainSelection
{
    private const int MaxDepth = 8;
    private static readonly ConditionalWeakTable<GraphQLSelectionSet, ConcurrentDictionary<IObjectGraphType, PlainSelection?>> Cache = new();

    private PlainSelection(IObjectGraphType type, PlainField[] fields)
    {
        Type = type;
        Fields = fields;
    }

    public IObjectGraphType Type { get; }
    public PlainField[] Fields { get; }

    /// <summary>The plan for <paramref name="selectionSet"/> over <paramref name="type"/>, or null when it is not plain. Worked out once per parsed document.</summary>
    public static PlainSelection? For(IObjectGraphType type, GraphQLSelectionSet selectionSet) =>
        Cache.GetValue(selectionSet, static _ => new()).GetOrAdd(type, static (t, set) => Build(t, set, 0), selectionSet);

    private static PlainSelection? Build(IObjectGraphType type, GraphQLSelectionSet selectionSet, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        var fields = new List<PlainField>(selectionSet.Selections.Count);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var selection in selectionSet.Selections)
        {
            if (selection is not GraphQLField { Directives: not { Count: > 0 }, Arguments: not { Count: > 0 } } field)
            {
                return null;
            }

            var name = field.Name.StringValue;
            var key = field.Alias?.Name.StringValue ?? name;
            if (!keys.Add(key))
            {
                return null;
            }

            if (name == "__typename")
            {
                fields.Add(new PlainField(key, PlainFieldKind.Typename, null, null, null, NonNull: true));
                continue;
            }

            if (type.GetField(name) is not { } definition || definition.Arguments is { Count: > 0 } || Getter(definition) is not { } getter)
            {
                return null;
            }

            var fieldType = definition.ResolvedType!;
            var nonNull = fieldType is NonNullGraphType;
            var named = nonNull ? ((NonNullGraphType)fieldType).ResolvedType! : fieldType;
            switch (named)
            {
                case ScalarGraphType scalar when field.SelectionSet is null:
                    fields.Add(new PlainField(key, PlainFieldKind.Scalar, getter, scalar, null, nonNull));
                    break;
                case IObjectGraphType objectType when field.SelectionSet is { } nested && Build(objectType, nested, depth + 1) is { } plan:
                    fields.Add(new PlainField(key, PlainFieldKind.Object, getter, null, plan, nonNull));
                    break;
                default:
                    return null;
            }
        }

        return new PlainSelection(type, [.. fields]);
    }

    /// <summary>Reads the field from a row without the executor, or null when its resolver may need more than the row.</summary>
    private static Func<object, ResolveFieldContext, object?>? Getter(FieldType definition)
    {
        if (SourceValues.Of(definition) is { } declared)
        {
            return (row, _) => declared(row);
        }

        // GraphQL.NET's resolver for Field(x => x.Property): it reads IResolveFieldContext.Source and nothing else.
        if (definition.Resolver is { } resolver && resolver.GetType() is { IsGenericType: true } t
            && t.GetGenericTypeDefinition() == typeof(ExpressionFieldResolver<,>)
            && resolver is not IRequiresResolveFieldContextAccessor { RequiresResolveFieldContextAccessor: true })
        {
            return (row, context) =>
            {
                context.Source = row;
                var pending = resolver.ResolveAsync(context);
                return pending.IsCompletedSuccessfully ? pending.Result : SourceValues.NotLoaded;
            };
        }

        return null;
    }

    /// <summary>
    /// Reads every row's fields and serializes its scalars, as the executor would; false when any value needs the
    /// executor after all (a row not preloaded, a batch loader, a null in a non-null field, an exception), in which
    /// case the caller executes the list as usual and nothing of this attempt is kept.
    /// </summary>
    public bool TryRender(System.Collections.ICollection rows, bool allowNullRows, out RenderedRows rendered)
    {
        rendered = null!;
        var values = new List<object?>(rows.Count * (Fields.Length + 1));
        var context = new ResolveFieldContext();
        var count = 0;
        try
        {
            foreach (var row in rows)
            {
                count++;
                if (row is null ? !allowNullRows : !TryRead(row, values, context))
                {
                    return false;
                }

                if (row is null)
                {
                    values.Add(null);
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }

        rendered = new RenderedRows(this, count, values);
        return true;
    }

    private bool TryRead(object row, List<object?> values, ResolveFieldContext context)
    {
        if (row is IDataLoaderResult or Task || (Type.IsTypeOf is { } isTypeOf && !isTypeOf(row)))
        {
            return false;
        }

        values.Add(RenderedRows.Present);
        foreach (var field in Fields)
        {
            if (field.Kind == PlainFieldKind.Typename)
            {
                continue;
            }

            var value = field.Getter!(row, context);
            if (ReferenceEquals(value, SourceValues.NotLoaded) || value is IDataLoaderResult or Task)
            {
                return false;
            }

            if (field.Kind == PlainFieldKind.Scalar)
            {
                value = value is null ? null : field.Scalar!.Serialize(value);
                if (value is null && field.NonNull)
                {
                    return false;
                }

                values.Add(value);
            }
            else if (value is null)
            {
                if (field.NonNull)
                {
                    return false;
                }

                values.Add(null);
            }
            else if (!field.Selection!.TryRead(value, values, context))
            {
                return false;
            }
        }

        return true;
    }
}

internal enum PlainFieldKind
{
    Typename,
    Scalar,
    Object,
}

/// <summary>One field of a <see cref="PlainSelection"/>: its response key, how to read it, and its type.</summary>
internal sealed record PlainField(string Key, PlainFieldKind Kind, Func<object, ResolveFieldContext, object?>? Getter, ScalarGraphType? Scalar, PlainSelection? Selection, bool NonNull)
{
    public JsonEncodedText EncodedKey { get; } = JsonEncodedText.Encode(Key);
}
