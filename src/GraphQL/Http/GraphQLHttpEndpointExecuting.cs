using DqPlatform.GraphQL.Documents;
using DqPlatform.GraphQL.Execution;
using GraphQL;
using GraphQL.Transport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DqPlatform.GraphQL.Http;

/// <summary>Executing one request of GraphQL over HTTP, and the status its answer goes with.</summary>
public sealed partial class GraphQLHttpEndpoint
{
    /// <summary>Executes a request whose document is resolved, and registers a document sent with its hash once it validated.</summary>
    private async Task<ExecutionResult> ExecuteAsync(HttpContext context, GraphQLRequest request, PersistedDocument document)
    {
        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Query = document.Query,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            RequestServices = context.RequestServices,
            User = context.User,
            // As for persisted documents: only a known caller's operations name metric series.
            UserContext = new Dictionary<string, object?> { [Telemetry.OperationTelemetry.CallerKey] = authentication?.HasCaller(context) != false },
            CancellationToken = context.RequestAborted,
            UnhandledExceptionDelegate = failure =>
            {
                // Clients get the product's generic message; the cause goes to the log only.
                if (clientErrors?.IsReported(failure.OriginalException) != true)
                {
                    LogUnhandled(logger, failure.OriginalException);
                }

                return Task.CompletedTask;
            },
        });

        if (result.Executed && authentication?.HasCaller(context) != false)
        {
            await documents.RegisterAsync(document, context.RequestAborted);
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error while executing a GraphQL request")]
    private static partial void LogUnhandled(ILogger logger, Exception exception);

    private int StatusFor(ExecutionResult result, string mediaType)
    {
        if (authentication is not null && result.Errors?.Any(authentication.IsUnauthenticated) == true && result.Data is null)
        {
            return StatusCodes.Status401Unauthorized;
        }

        if (result.Errors is [{ Code: ExecutionGate.BusyCode }] && result.Data is null)
        {
            return StatusCodes.Status503ServiceUnavailable;
        }

        // A dependency away (the database restarting) is no answer at all, partial or not: the client should try again.
        if (outages is not null && result.Errors?.Any(e => e.InnerException is { } cause && outages.IsOutage(cause)) == true)
        {
            return StatusCodes.Status503ServiceUnavailable;
        }

        // application/graphql-response+json: a request that never executed (syntax, validation, variables) is a 400.
        return mediaType == GraphQLResponseJson && !result.Executed ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK;
    }

    // Apollo's links expect an unknown hash as a 200 with PersistedQueryNotFound, and retry with the text; a document
    // refused by the trusted documents mode is refused like one that does not validate; a malformed one is a 400.
    private static int StatusForRefused(ExecutionError refused, string mediaType) => refused.Code switch
    {
        PersistedDocuments.NotFoundCode => StatusCodes.Status200OK,
        PersistedDocuments.NotInListCode when mediaType != GraphQLResponseJson => StatusCodes.Status200OK,
        _ => StatusCodes.Status400BadRequest,
    };
}
