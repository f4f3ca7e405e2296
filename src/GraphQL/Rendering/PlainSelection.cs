using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;
using GraphQLParser.AST;

namespace DqPlatform.GraphQL.Rendering;

/// <summary>
/// A selection set over an object type whose every field can be read straight from the row: scalar fields that read
/// a property (<c>Field(x => x.Name)</c>) or declare a <see cref="SourceValueFields">source function</see>, and object fields
/// of the same kind with plain selections of their own. No arguments, directives, fragments or repeated keys: those
/// need the executor. A page of such rows is rendered into <see cref="RenderedRows"/> in one pass instead of as an
/// execution node per field and row, which was most of GraphQL.NET's share of a dashboard request.
/// </summary>
internal sealed partial class PlainSelection
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
                return pending.IsCompletedSuccessfully ? pending.Result : SourceValueFields.NotLoaded;
            };
        }

        return null;
    }
}
