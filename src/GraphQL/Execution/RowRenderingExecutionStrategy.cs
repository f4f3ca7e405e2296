using DqPlatform.GraphQL.Rendering;
using GraphQL.Execution;
using GraphQL.Types;
using ExecutionContext = GraphQL.Execution.ExecutionContext;

namespace DqPlatform.GraphQL.Execution;

/// <summary>
/// Serial execution with collected fields (<see cref="FieldCollectingExecutionStrategy"/>) that renders pages of plain
/// rows in one pass (<see cref="PlainSelection"/>) instead of building an execution node per row and field.
/// </summary>
public class RowRenderingExecutionStrategy : FieldCollectingExecutionStrategy
{
    /// <summary>The current activity's tag (the GraphQL operation's span, else the request's) that counts the rows rendered without the executor.</summary>
    public const string RenderedRowsTag = "dqp.graphql.rendered_rows";

    /// <summary>
    /// Lists of objects whose selection is plain (<see cref="PlainSelection"/>) are rendered in one pass instead of as
    /// an execution node per row and field; anything else, or a page that turns out to need the executor, goes the
    /// usual way.
    /// </summary>
    protected override Task SetArrayItemNodesAsync(ExecutionContext context, ArrayExecutionNode parent)
    {
        var itemType = ((ListGraphType)parent.GraphType).ResolvedType;
        var allowNullRows = itemType is not NonNullGraphType;
        if ((allowNullRows ? itemType : ((NonNullGraphType)itemType!).ResolvedType) is IObjectGraphType objectType
            && parent.Field.SelectionSet is { } selectionSet
            // A collection, so that a page that falls back is read again as it was (a lazy query would run twice).
            && parent.Result is System.Collections.ICollection rows
            && PlainSelection.For(objectType, selectionSet) is { } plain
            && plain.TryRender(rows, allowNullRows, out var rendered))
        {
            parent.SerializedResult = rendered;
            // On the request's trace (when one is recorded): how many rows skipped the executor.
            if (System.Diagnostics.Activity.Current is { } activity)
            {
                activity.SetTag(RenderedRowsTag, (activity.GetTagItem(RenderedRowsTag) as int? ?? 0) + rendered.Count);
            }

            return Task.CompletedTask;
        }

        return base.SetArrayItemNodesAsync(context, parent);
    }
}
