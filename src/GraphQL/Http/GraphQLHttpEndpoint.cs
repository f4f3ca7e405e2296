using DqPlatform.GraphQL.Errors;
using DqPlatform.GraphQL.Execution;
using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DqPlatform.GraphQL.Http;

/// <summary>
/// GraphQL over HTTP at <c>/graphql</c> (the GraphQL-over-HTTP specification): POST with JSON, GET for queries only,
/// <c>application/graphql-response+json</c> when the client accepts it and <c>application/json</c> otherwise
/// (including <c>*/*</c> and no Accept), 4xx for malformed requests, and 401 for missing or bad credentials
/// (as <see cref="IHttpAuthentication"/> judges them).
/// </summary>
public sealed partial class GraphQLHttpEndpoint(
    IDocumentExecuter<ISchema> executer, IGraphQLTextSerializer serializer, ILogger<GraphQLHttpEndpoint> logger,
    IHttpAuthentication? authentication = null, IClientErrors? clientErrors = null)
{
    public const string GraphQLResponseJson = GraphQLHttpNegotiation.GraphQLResponseJson;
    public const long MaxRequestBytes = 1024 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        var http = context.Request;
        var mediaType = GraphQLHttpNegotiation.MediaType(http);
        if (mediaType is null)
        {
            await WriteErrorAsync(context, StatusCodes.Status406NotAcceptable, "application/json", "Accept application/graphql-response+json or application/json.", "NOT_ACCEPTABLE");
            return;
        }

        if (http.ContentLength > MaxRequestBytes)
        {
            await WriteErrorAsync(context, StatusCodes.Status413PayloadTooLarge, mediaType, $"Requests are limited to {MaxRequestBytes} bytes.", "REQUEST_TOO_LARGE");
            return;
        }

        var isPost = HttpMethods.IsPost(http.Method);
        if (isPost && !GraphQLHttpNegotiation.IsJson(http.ContentType))
        {
            await WriteErrorAsync(context, StatusCodes.Status415UnsupportedMediaType, mediaType, "POST requests must be application/json.", "UNSUPPORTED_MEDIA_TYPE");
            return;
        }

        var (request, error) = isPost
            ? await GraphQLRequestReader.ReadPostAsync(http, serializer)
            : GraphQLRequestReader.ReadGet(http, serializer);
        if (request is null)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, mediaType, error!, "BAD_REQUEST");
            return;
        }

        if (!isPost && GraphQLRequestReader.OperationTypeOf(request) is OperationType.Mutation or OperationType.Subscription)
        {
            context.Response.Headers.Allow = "POST";
            await WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed, mediaType, "Mutations and subscriptions are not allowed over GET; use POST.", "METHOD_NOT_ALLOWED");
            return;
        }

        if (authentication is not null && await authentication.AuthenticateAsync(context) is { } refused)
        {
            await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, mediaType, refused);
            return;
        }

        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Query = request.Query,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            RequestServices = context.RequestServices,
            User = context.User,
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

        context.Response.StatusCode = StatusFor(result, mediaType);
        context.Response.ContentType = mediaType + "; charset=utf-8";
        await serializer.WriteAsync(context.Response.Body, result, context.RequestAborted);
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

        // application/graphql-response+json: a request that never executed (syntax, validation, variables) is a 400.
        return mediaType == GraphQLResponseJson && !result.Executed ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK;
    }

    private Task WriteErrorAsync(HttpContext context, int status, string mediaType, string message, string code) =>
        WriteErrorAsync(context, status, mediaType, new ExecutionError(message) { Code = code });

    private async Task WriteErrorAsync(HttpContext context, int status, string mediaType, ExecutionError error)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = mediaType + "; charset=utf-8";
        await serializer.WriteAsync(context.Response.Body, new ExecutionResult { Errors = [error], Executed = false }, context.RequestAborted);
    }
}
