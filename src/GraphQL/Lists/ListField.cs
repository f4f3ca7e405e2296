using System.Linq.Expressions;

namespace DqPlatform.GraphQL.Lists;

/// <summary>One filterable / sortable field of a list: its GraphQL name and the column expression it maps to.</summary>
/// <param name="NodeTypeNames">For <see cref="FieldKind.GlobalId"/>: the node types whose global ids the field takes.</param>
/// <param name="EnumGraphType">For an enum stored as text: the GraphQL enum its values are written in.</param>
public sealed record ListField(
    string Name, LambdaExpression Expression, FieldKind Kind, bool Sortable, IReadOnlyList<string>? NodeTypeNames = null, Type? EnumGraphType = null)
{
    public Type ClrType => Expression.ReturnType;

    /// <summary>The non-nullable type of the column (int for int?), which the operation inputs are typed by.</summary>
    public Type ValueType => Nullable.GetUnderlyingType(ClrType) ?? ClrType;
}
