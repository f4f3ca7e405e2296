using DqPlatform.Api.GraphQL.Scalars;
using GraphQL.Types;

namespace DqPlatform.Api.GraphQL.Filtering;

// The operation inputs of HotChocolate's filtering, with its names, so dashboards written against HotChocolate work.

public sealed class StringOperationFilterInputType : InputObjectGraphType
{
    public StringOperationFilterInputType()
    {
        Name = "StringOperationFilterInput";
        Field<ListGraphType<NonNullGraphType<StringOperationFilterInputType>>>("and");
        Field<ListGraphType<NonNullGraphType<StringOperationFilterInputType>>>("or");
        Field<StringGraphType>("eq");
        Field<StringGraphType>("neq");
        Field<StringGraphType>("contains");
        Field<StringGraphType>("ncontains");
        Field<ListGraphType<StringGraphType>>("in");
        Field<ListGraphType<StringGraphType>>("nin");
        Field<StringGraphType>("startsWith");
        Field<StringGraphType>("nstartsWith");
        Field<StringGraphType>("endsWith");
        Field<StringGraphType>("nendsWith");
    }
}

public sealed class ComparableOperationFilterInputType<TScalar> : InputObjectGraphType
    where TScalar : ScalarGraphType
{
    public ComparableOperationFilterInputType()
    {
        var clrName = typeof(TScalar) == typeof(IntGraphType) ? "Int32"
            : typeof(TScalar) == typeof(LongGraphType) ? "Int64"
            : typeof(TScalar) == typeof(DecimalGraphType) ? "Decimal"
            : typeof(TScalar) == typeof(DateTimeScalar) ? "DateTimeOffset"
            : typeof(TScalar) == typeof(UuidScalar) ? "Uuid"
            : typeof(TScalar).Name;
        Name = clrName == "Uuid" ? "UuidOperationFilterInput" : $"Comparable{clrName}OperationFilterInput";
        Field<ListGraphType<NonNullGraphType<ComparableOperationFilterInputType<TScalar>>>>("and");
        Field<ListGraphType<NonNullGraphType<ComparableOperationFilterInputType<TScalar>>>>("or");
        foreach (var op in new[] { "eq", "neq", "gt", "ngt", "gte", "ngte", "lt", "nlt", "lte", "nlte" })
        {
            Field<TScalar>(op);
        }

        Field<ListGraphType<TScalar>>("in");
        Field<ListGraphType<TScalar>>("nin");
    }
}

public sealed class BooleanOperationFilterInputType : InputObjectGraphType
{
    public BooleanOperationFilterInputType()
    {
        Name = "BooleanOperationFilterInput";
        Field<ListGraphType<NonNullGraphType<BooleanOperationFilterInputType>>>("and");
        Field<ListGraphType<NonNullGraphType<BooleanOperationFilterInputType>>>("or");
        Field<BooleanGraphType>("eq");
        Field<BooleanGraphType>("neq");
    }
}

public sealed class EnumOperationFilterInputType<TEnum> : InputObjectGraphType
    where TEnum : struct, Enum
{
    public EnumOperationFilterInputType()
    {
        Name = $"{typeof(TEnum).Name}OperationFilterInput";
        Field<ListGraphType<NonNullGraphType<EnumOperationFilterInputType<TEnum>>>>("and");
        Field<ListGraphType<NonNullGraphType<EnumOperationFilterInputType<TEnum>>>>("or");
        Field<EnumerationGraphType<TEnum>>("eq");
        Field<EnumerationGraphType<TEnum>>("neq");
        Field<ListGraphType<NonNullGraphType<EnumerationGraphType<TEnum>>>>("in");
        Field<ListGraphType<NonNullGraphType<EnumerationGraphType<TEnum>>>>("nin");
        Field<EnumerationGraphType<TEnum>>("gt");
        Field<EnumerationGraphType<TEnum>>("gte");
        Field<EnumerationGraphType<TEnum>>("lt");
        Field<EnumerationGraphType<TEnum>>("lte");
    }
}

public sealed class ListStringOperationFilterInputType : InputObjectGraphType
{
    public ListStringOperationFilterInputType()
    {
        Name = "ListStringOperationFilterInput";
        Field<StringOperationFilterInputType>("all");
        Field<StringOperationFilterInputType>("none");
        Field<StringOperationFilterInputType>("some");
        Field<BooleanGraphType>("any");
    }
}

public sealed class IdOperationFilterInputType : InputObjectGraphType
{
    public IdOperationFilterInputType()
    {
        Name = "IdOperationFilterInput";
        Field<IdGraphType>("eq");
        Field<IdGraphType>("neq");
        Field<ListGraphType<IdGraphType>>("in");
        Field<ListGraphType<IdGraphType>>("nin");
    }
}
