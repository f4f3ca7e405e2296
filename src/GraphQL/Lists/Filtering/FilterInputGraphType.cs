using DqPlatform.GraphQL.Scalars;
using GraphQL.Types;

namespace DqPlatform.GraphQL.Lists.Filtering;

/// <summary><c>{Type}FilterInput</c>: one operation input per filterable field, plus <c>and</c> / <c>or</c>.</summary>
public sealed class FilterInputGraphType<T> : InputObjectGraphType
{
    public FilterInputGraphType(ListSpec<T> spec)
    {
        Name = spec.TypeName + "FilterInput";
        Field<ListGraphType<NonNullGraphType<FilterInputGraphType<T>>>>("and");
        Field<ListGraphType<NonNullGraphType<FilterInputGraphType<T>>>>("or");
        foreach (var field in spec.Fields)
        {
            Field(field.Name, OperationInputFor(field));
        }
    }

    private static Type OperationInputFor(ListField field) => field.Kind switch
    {
        FieldKind.String => typeof(StringOperationFilterInputType),
        FieldKind.Boolean => typeof(BooleanOperationFilterInputType),
        FieldKind.Uuid => typeof(ComparableOperationFilterInputType<UuidScalar>),
        FieldKind.GlobalId => typeof(IdOperationFilterInputType),
        FieldKind.StringList => typeof(ListStringOperationFilterInputType),
        FieldKind.Enum when field.EnumGraphType is { } stored => typeof(TextEnumOperationFilterInputType<>).MakeGenericType(stored),
        FieldKind.Enum => typeof(EnumOperationFilterInputType<>).MakeGenericType(field.ValueType),
        _ => typeof(ComparableOperationFilterInputType<>).MakeGenericType(ScalarFor(field.ValueType)),
    };

    private static Type ScalarFor(Type type) =>
        type == typeof(int) ? typeof(IntGraphType)
        : type == typeof(long) ? typeof(LongGraphType)
        : type == typeof(decimal) ? typeof(DecimalScalar)
        : type == typeof(DateTimeOffset) ? typeof(DateTimeScalar)
        : throw new NotSupportedException($"No filter input for {type}.");
}
