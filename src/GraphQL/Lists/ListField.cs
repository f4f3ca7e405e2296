using System.Linq.Expressions;

namespace DqPlatform.GraphQL.Lists;

/// <summary>One filterable / sortable field of a list: its GraphQL name and the column expression it maps to.</summary>
public sealed record ListField(string Name, LambdaExpression Expression, FieldKind Kind, bool Sortable, string? NodeTypeName = null)
{
    public Type ClrType => Expression.ReturnType;

    /// <summary>The non-nullable type of the column (int for int?), which the operation inputs are typed by.</summary>
    public Type ValueType => Nullable.GetUnderlyingType(ClrType) ?? ClrType;
}
