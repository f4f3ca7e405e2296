using System.Diagnostics;
using DqPlatform.GraphQL.Documents;
using GraphQL;
using GraphQL.DI;
using GraphQL.Execution;
using GraphQL.Telemetry;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.GraphQL.Telemetry;

/// <summary>
/// An activity per GraphQL operation (GraphQL.NET's provider on this server's source) with the operation's name, type
/// and document hash, and the operation counted by outcome. Never the document's text nor its variables: both carry
/// what callers typed (filters, SQL of saved queries, names), and a trace store is not the place for it.
/// </summary>
/// <remarks>
/// The outcome is the code the client got (<c>extensions.code</c> as the registered <see cref="IErrorInfoProvider"/>
/// maps the first error), so a dashboard and a client speak of the same failures. The duration histogram has no
/// operation name: its buckets multiply each series, and the counter already says which operations ran.
/// </remarks>
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
    EnrichWithExecutionResult = (activity, options, result) => activity.SetTag(OutcomeTag, OutcomeOf(result, ErrorInfoOf(options))),
})
{
    /// <summary>The sha256 of the document as Apollo's persisted queries name it, so a trace finds its document in the store.</summary>
    public const string DocumentHashTag = "graphql.document.hash";

    public const string OutcomeTag = "dqp.graphql.outcome";

    /// <summary>
    /// Set (to true) in <see cref="ExecutionOptions.UserContext"/> by a transport that executes for an authenticated
    /// caller; only such operations give the metrics their names.
    /// </summary>
    public const string CallerKey = "DqPlatform.GraphQL.Telemetry.Caller";

    // Operation names come from clients: beyond this many distinct ones (of validated operations of authenticated
    // callers) a node counts the rest under one name, so no client inventing names can grow the metrics without bound.
    private const int MaxOperationNames = 200;
    private static readonly OperationNames Names = new(MaxOperationNames);

    // Outside the document cache (200), so the activity covers parsing and validation as well.
    public override float SortOrder => 50;

    protected override Activity? StartActivity(ExecutionOptions options) => GraphQLInstruments.Source.StartActivity("graphql");

    public override async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        // A document that fails validation has no operation on its result; the listener sees which one it was.
        var validated = GraphQLInstruments.Operations.Enabled || GraphQLInstruments.OperationDuration.Enabled ? new ValidatedOperation() : null;
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
            Record(options, result, validated, Stopwatch.GetElapsedTime(started));
        }
    }

    private static void Record(ExecutionOptions options, ExecutionResult? result, ValidatedOperation? validated, TimeSpan elapsed)
    {
        if (validated is null)
        {
            return;
        }

        var operation = result?.Operation ?? validated.Operation;
        var type = TypeOf(operation);
        var outcome = result is null ? "cancelled" : OutcomeOf(result, ErrorInfoOf(options));
        GraphQLInstruments.OperationDuration.Record(elapsed.TotalSeconds, new TagList { { "graphql.operation.type", type }, { "outcome", outcome } });
        GraphQLInstruments.Operations.Add(1, new TagList
        {
            { "graphql.operation.name", NameOf(options, result, validated, operation) },
            { "graphql.operation.type", type },
            { "outcome", outcome },
        });
    }

    // A name takes a series only once its document validated and ran for a known caller: anyone can send documents
    // that fail, and an anonymous client could otherwise take the named slots with names of its own.
    private static string NameOf(ExecutionOptions options, ExecutionResult? result, ValidatedOperation validated, GraphQLOperationDefinition? operation)
    {
        if (!(result?.Executed ?? validated.Valid))
        {
            return OperationNames.Unvalidated;
        }

        return options.UserContext?.TryGetValue(CallerKey, out var caller) == true && caller is true
            ? Names.Of(operation?.Name?.StringValue)
            : OperationNames.Other;
    }

    private static IErrorInfoProvider? ErrorInfoOf(ExecutionOptions options) => options.RequestServices?.GetService<IErrorInfoProvider>();

    private static string TypeOf(GraphQLOperationDefinition? operation) => operation?.Operation switch
    {
        OperationType.Query => "query",
        OperationType.Mutation => "mutation",
        OperationType.Subscription => "subscription",
        _ => "unknown",
    };

    /// <summary>
    /// <c>ok</c>, or the code the client sees for the first error (as <paramref name="errorInfo"/>, the server's
    /// registered provider, maps it; the engine's own code without one): a small vocabulary, never the caller's text.
    /// </summary>
    public static string OutcomeOf(ExecutionResult result, IErrorInfoProvider? errorInfo)
    {
        if (result.Errors is not { Count: > 0 } errors)
        {
            return "ok";
        }

        var code = errorInfo?.GetInfo(errors[0]).Extensions is { } extensions && extensions.TryGetValue("code", out var mapped) ? mapped as string : errors[0].Code;
        return string.IsNullOrEmpty(code) ? "ERROR" : code;
    }

    private sealed class ValidatedOperation : DocumentExecutionListenerBase
    {
        public GraphQLOperationDefinition? Operation { get; private set; }

        public bool Valid { get; private set; }

        public override Task AfterValidationAsync(IExecutionContext context, IValidationResult validationResult)
        {
            Operation = context.Operation;
            Valid = validationResult.IsValid;
            return Task.CompletedTask;
        }
    }
}
