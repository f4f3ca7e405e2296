using DqPlatform.GraphQL.Scalars;
using GraphQL.Types;

namespace DqPlatform.GraphQL.Lists.Filtering;

// The operation inputs of HotChocolate's filtering, with its names, so dashboards written against HotChocolate work.
/// <summary><c>Comparable{Type}OperationFilterInput</c> (and <c>UuidOperationFilterInput</c>): equality, sets and order.</summary>
public sealed class ComparableOperationFilterInputType<TScalar> : InputObjectGraphType
    where TScalar : ScalarGraphType
{
    public ComparableOperationFilterInputType()
    {
        var clrName = typeof(TScalar) == typeof(IntGraphType) ? "Int32"
            : typeof(TScalar) == typeof(LongGraphType) ? "Int64"
            : typeof(TScalar) == typeof(DecimalScalar) ? "Decimal"
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
