using System.Linq.Expressions;

namespace DqPlatform.GraphQL.Lists;

/// <summary>Rebinds a column lambda's body to another parameter so many columns combine into one predicate.</summary>
internal sealed class ParameterReplacer(ParameterExpression from, Expression to) : ExpressionVisitor
{
    public static Expression Body(LambdaExpression column, ParameterExpression parameter) =>
        new ParameterReplacer(column.Parameters[0], parameter).Visit(column.Body);

    protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
}
