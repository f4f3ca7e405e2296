using DqPlatform.GraphQL.Documents;
using DqPlatform.GraphQL.Errors;
using DqPlatform.GraphQL.Execution;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQLParser.AST;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DqPlatform.GraphQL.Http;

/// <summary>
/// GraphQL over HTTP at <c>/graphql</c> (the GraphQL-over-HTTP specification): POST with JSON, GET for queries only,
/// <c>application/graphql-response+json</c> when the client accepts it and <c>application/json</c> otherwise
/// (including <c>*/*</c> and no Accept), 4xx for malformed requests, and 401 for missing or bad credentials
/// (as <see cref="IHttpAuthentication"/> judges them). Documents may be sent by hash (<see cref="PersistedDocuments"/>),
/// and a JSON array body is a batch (see <c>HandleBatchAsync</c>).
/// </summary>
public sealed partial class GraphQLHttpEndpoint(
    IDocumentExecuter<ISchema> executer, IGraphQLTextSerializer serializer, ILogger<GraphQLHttpEndpoint> logger,
    PersistedDocuments documents, IOptions<GraphQLHttpOptions> options,
    IHttpAuthentication? authentication = null, IClientErrors? clientErrors = null, IBatchAdmission? batchAdmission = null,
    IDependencyOutages? outages = null)
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

        var (requests, isBatch, error) = isPost ? await GraphQLRequestReader.ReadPostAsync(http, serializer) : Single(GraphQLRequestReader.ReadGet(http, serializer));
        if (requests is null)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, mediaType, error!, "BAD_REQUEST");
            return;
        }

        if (isBatch)
        {
            await HandleBatchAsync(context, requests, mediaType);
            return;
        }

        var request = requests[0];
        var document = await documents.ResolveAsync(request.Query, request.Extensions, context.RequestAborted);
        if (document.Error is { } refused)
        {
            await WriteErrorAsync(context, StatusForRefused(refused, mediaType), mediaType, refused);
            return;
        }

        request.Query = document.Query;
        if (!isPost && GraphQLRequestReader.OperationTypeOf(request) is OperationType.Mutation or OperationType.Subscription)
        {
            context.Response.Headers.Allow = "POST";
            await WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed, mediaType, "Mutations and subscriptions are not allowed over GET; use POST.", "METHOD_NOT_ALLOWED");
            return;
        }

        if (authentication is not null && await authentication.AuthenticateAsync(context) is { } unauthenticated)
        {
            await WriteErrorAsync(context, authentication.StatusOf(unauthenticated), mediaType, unauthenticated);
            return;
        }

        var result = await ExecuteAsync(context, request, document);
        context.Response.StatusCode = StatusFor(result, mediaType);
        if (context.Response.StatusCode == StatusCodes.Status503ServiceUnavailable && outages is not null)
        {
            context.Response.Headers.RetryAfter = outages.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        context.Response.ContentType = mediaType + "; charset=utf-8";
        await serializer.WriteAsync(context.Response.Body, result, context.RequestAborted);
    }

    private static (IReadOnlyList<GraphQLRequest>?, bool, string?) Single((GraphQLRequest? Request, string? Error) read) =>
        (read.Request is null ? null : [read.Request], false, read.Error);

    private Task WriteErrorAsync(HttpContext context, int status, string mediaType, string message, string code) =>
        WriteErrorAsync(context, status, mediaType, new ExecutionError(message) { Code = code });

    private async Task WriteErrorAsync(HttpContext context, int status, string mediaType, ExecutionError error)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = mediaType + "; charset=utf-8";
        await serializer.WriteAsync(context.Response.Body, new ExecutionResult { Errors = [error], Executed = false }, context.RequestAborted);
    }
}
