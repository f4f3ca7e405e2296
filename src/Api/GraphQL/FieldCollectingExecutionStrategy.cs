using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using DqPlatform.Api.GraphQL.Rendering;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQLParser.AST;
using ExecutionContext = GraphQL.Execution.ExecutionContext;

namespace DqPlatform.Api.GraphQL;

/// <summary>
/// Serial execution that collects a selection set's fields (fragments merged, field definitions looked up) once per
/// parsed document and object type, instead of once per object: a page of 100 incidents collected the same
/// <c>{ id severity … check { … } }</c> 100 times (with the node building around it, 7% of a dashboard request's CPU).
/// Only selection sets without directives are reused, since <c>@skip</c>/<c>@include</c> may depend on variables;
/// parsed documents are cached (<see cref="DocumentCache"/>), so their selection sets are stable keys.
/// </summary>
public sealed class FieldCollectingExecutionStrategy(ExecutionGate gate) : SerialExecutionStrategy
{
    private static readonly ConditionalWeakTable<GraphQLSelectionSet, ConcurrentDictionary<IGraphType, CollectedField[]?>> Collected = new();

    /// <summary>The request activity's tag with the milliseconds a query waited at the <see cref="ExecutionGate"/>.</summary>
    public const string QueuedTag = "dqp.graphql.queued_ms";

    /// <summary>Queries execute in turn through the <see cref="ExecutionGate"/>; a full line is <c>SERVER_BUSY</c>.</summary>
    public override async Task<ExecutionResult> ExecuteAsync(ExecutionContext context)
    {
        var arrived = System.Diagnostics.Stopwatch.GetTimestamp();
        using var turn = await gate.EnterAsync(context.CancellationToken);
        if (turn is { IsAcquired: false })
        {
            throw new ExecutionError("The server is at capacity; retry shortly.") { Code = ExecutionGate.BusyCode };
        }

        // So that a slow request's trace tells waiting in line from executing.
        System.Diagnostics.Activity.Current?.SetTag(QueuedTag, System.Diagnostics.Stopwatch.GetElapsedTime(arrived).TotalMilliseconds);

        return await base.ExecuteAsync(context);
    }

    protected override void SetSubFieldNodes(ExecutionContext context, ObjectExecutionNode parent)
    {
        var parentType = parent.GetObjectGraphType(context.Schema) ?? parent.GraphType;
        if (parent.SelectionSet is not { } selectionSet)
        {
            base.SetSubFieldNodes(context, parent);
            return;
        }

        var byType = Collected.GetValue(selectionSet, static _ => new ConcurrentDictionary<IGraphType, CollectedField[]?>());
        if (!byType.TryGetValue(parentType, out var fields))
        {
            fields = HasNoDirectives(context.Document, selectionSet, depth: 0)
                ? CollectFieldsFrom(context, parentType, selectionSet, null).Values.Select(f => new CollectedField(f.field, f.fieldType)).ToArray()
                : null;
            byType.TryAdd(parentType, fields);
        }

        if (fields is null)
        {
            base.SetSubFieldNodes(context, parent);
            return;
        }

        var subFields = new ExecutionNode[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            subFields[i] = BuildExecutionNode(parent, fields[i].Definition.ResolvedType!, fields[i].Field, fields[i].Definition);
        }

        parent.SubFields = subFields;
    }

    /// <summary>The request activity's tag that counts the rows rendered without the executor.</summary>
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

    /// <summary>Whether field collection over <paramref name="selectionSet"/> depends on nothing but the document.</summary>
    private static bool HasNoDirectives(GraphQLDocument document, GraphQLSelectionSet selectionSet, int depth)
    {
        if (depth > 16)
        {
            return false;
        }

        foreach (var selection in selectionSet.Selections)
        {
            var ok = selection switch
            {
                GraphQLField field => field.Directives is not { Count: > 0 },
                GraphQLInlineFragment inline => inline.Directives is not { Count: > 0 } && HasNoDirectives(document, inline.SelectionSet, depth + 1),
                GraphQLFragmentSpread spread => spread.Directives is not { Count: > 0 }
                    && document.Definitions.OfType<GraphQLFragmentDefinition>().FirstOrDefault(f => f.FragmentName.Name == spread.FragmentName.Name) is { } fragment
                    && fragment.Directives is not { Count: > 0 }
                    && HasNoDirectives(document, fragment.SelectionSet, depth + 1),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private sealed record CollectedField(GraphQLField Field, FieldType Definition);
}
