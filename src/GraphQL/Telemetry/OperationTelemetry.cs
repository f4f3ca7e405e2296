using System.Diagnostics;
using DqPlatform.GraphQL.Documents;
using GraphQL;
using GraphQL.DI;
using GraphQL.Execution;
using GraphQL.Telemetry;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace DqPlatform.GraphQL.Telemetry;

/// <summary>
/// An activity per GraphQL operation (GraphQL.NET's provider on this server's source) with the operation's name, type
/// and document hash, and the operation counted by outcome. Never the document's text nor its variables: both carry
/// what callers typed (filters, SQL of saved queries, names), and a trace store is not the place for it.
/// </summary>
public sealed class OperationTelemetry() : GraphQLTelemetryProvider(new GraphQLTelemetryOptions
{
    RecordDocument = false,
    // An exception's message may quote what the caller sent; the error code on the activity says enough.
    RecordException = false,
    EnrichWithExecutionOptions = (activity, options) =>
    {
        if (options.Query is { } query)
        {
            activity.SetTag(DocumentHashTag, DocumentHash.Sha256(query));
        }
    },
    EnrichWithExecutionResult = (activity, _, result) => activity.SetTag(OutcomeTag, OutcomeOf(result)),
})
{
    /// <summary>The sha256 of the document as Apollo's persisted queries name it, so a trace finds its document in the store.</summary>
    public const string DocumentHashTag = "graphql.document.hash";

    public const string OutcomeTag = "dqp.graphql.outcome";

    // Operation names come from clients: beyond this many distinct ones a node counts the rest under one name, so a
    // client inventing names cannot grow the metrics without bound.
    private const int MaxOperationNames = 200;
    private static readonly OperationNames Names = new(MaxOperationNames);

    // Outside the document cache (200), so the activity covers parsing and validation as well.
    public override float SortOrder => 50;

    protected override Activity? StartActivity(ExecutionOptions options) => GraphQLInstruments.Source.StartActivity("graphql");

    public override async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        // A document that fails validation has no operation on its result; the listener sees which one it was.
        var validated = GraphQLInstruments.Operations.Enabled ? new ValidatedOperation() : null;
        if (validated is not null)
        {
            options.Listeners.Add(validated);
        }
        ExecutionResult? result = null;
        try
        {
            result = await base.ExecuteAsync(options, next);
            return result;
        }
        finally
        {
            Record(result, validated, Stopwatch.GetElapsedTime(started));
        }
    }

    private static void Record(ExecutionResult? result, ValidatedOperation? validated, TimeSpan elapsed)
    {
        if (!GraphQLInstruments.Operations.Enabled && !GraphQLInstruments.OperationDuration.Enabled)
        {
            return;
        }

        var operation = result?.Operation ?? validated?.Operation;
        var tags = new TagList
        {
            { "graphql.operation.name", Names.Of(operation?.Name?.StringValue) },
            { "graphql.operation.type", TypeOf(operation) },
            { "outcome", result is null ? "cancelled" : OutcomeOf(result) },
        };
        GraphQLInstruments.Operations.Add(1, tags);
        GraphQLInstruments.OperationDuration.Record(elapsed.TotalSeconds, tags);
    }

    private static string TypeOf(GraphQLOperationDefinition? operation) => operation?.Operation switch
    {
        OperationType.Query => "query",
        OperationType.Mutation => "mutation",
        OperationType.Subscription => "subscription",
        _ => "unknown",
    };

    /// <summary><c>ok</c>, or the first error's code: codes are the server's own small vocabulary, never the caller's text.</summary>
    public static string OutcomeOf(ExecutionResult result) =>
        result.Errors is not { Count: > 0 } errors ? "ok" : errors[0].Code ?? "ERROR";

    private sealed class ValidatedOperation : DocumentExecutionListenerBase
    {
        public GraphQLOperationDefinition? Operation { get; private set; }

        public override Task AfterValidationAsync(IExecutionContext context, IValidationResult validationResult)
        {
            Operation = context.Operation;
            return Task.CompletedTask;
        }
    }
}
