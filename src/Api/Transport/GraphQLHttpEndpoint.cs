using DqPlatform.Api.Auth;
using DqPlatform.Infrastructure.Security;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQLParser;
using GraphQLParser.AST;
using Microsoft.Net.Http.Headers;

namespace DqPlatform.Api.Transport;

/// <summary>
/// GraphQL over HTTP at <c>/graphql</c> (the GraphQL-over-HTTP specification): POST with JSON, GET for queries only,
/// <c>application/graphql-response+json</c> when the client accepts it and <c>application/json</c> otherwise
/// (including <c>*/*</c> and no Accept), 4xx for malformed requests, and 401 for missing or bad API keys.
/// </summary>
public sealed partial class GraphQLHttpEndpoint(
    IDocumentExecuter<ISchema> executer, IGraphQLTextSerializer serializer, ApiKeyAuthenticator authenticator, ILogger<GraphQLHttpEndpoint> logger)
{
    public const string GraphQLResponseJson = "application/graphql-response+json";
    public const long MaxRequestBytes = 1024 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        var http = context.Request;
        var mediaType = NegotiateMediaType(http);
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
        if (isPost && !IsJson(http.ContentType))
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

        if (!isPost && OperationTypeOf(request) is OperationType.Mutation or OperationType.Subscription)
        {
            context.Response.Headers.Allow = "POST";
            await WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed, mediaType, "Mutations and subscriptions are not allowed over GET; use POST.", "METHOD_NOT_ALLOWED");
            return;
        }

        var caller = context.RequestServices.GetRequiredService<RequestCaller>();
        var bearer = BearerTokens.From(http);
        if (bearer is not null)
        {
            caller.Current = await authenticator.AuthenticateAsync(bearer, context.RequestAborted);
            if (caller.Current is null)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, mediaType, "The API key is invalid, expired or revoked.", "UNAUTHENTICATED");
                return;
            }
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
                // Clients get "An internal error occurred."; the cause goes to the log only.
                if (failure.OriginalException is not Domain.Common.DomainException)
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

    private static int StatusFor(ExecutionResult result, string mediaType)
    {
        if (result.Errors?.Any(e => Equals(e.Code, "UNAUTHENTICATED") || e.InnerException is Domain.Common.UnauthenticatedException) == true && result.Data is null)
        {
            return StatusCodes.Status401Unauthorized;
        }

        if (result.Errors is [{ Code: GraphQL.ExecutionGate.BusyCode }] && result.Data is null)
        {
            return StatusCodes.Status503ServiceUnavailable;
        }

        // application/graphql-response+json: a request that never executed (syntax, validation, variables) is a 400.
        return mediaType == GraphQLResponseJson && !result.Executed ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK;
    }

    private static string? NegotiateMediaType(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count == 0)
        {
            return "application/json";
        }

        foreach (var candidate in accept.OrderByDescending(a => a.Quality ?? 1))
        {
            var type = candidate.MediaType.Value;
            if (string.Equals(type, GraphQLResponseJson, StringComparison.OrdinalIgnoreCase))
            {
                return GraphQLResponseJson;
            }

            if (string.Equals(type, "application/json", StringComparison.OrdinalIgnoreCase) || type is "*/*" or "application/*")
            {
                return "application/json";
            }
        }

        return null;
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && string.Equals(parsed.MediaType.Value, "application/json", StringComparison.OrdinalIgnoreCase)
        && (parsed.Charset.Value is null || string.Equals(parsed.Charset.Value, "utf-8", StringComparison.OrdinalIgnoreCase));

    private static OperationType? OperationTypeOf(GraphQLRequest request)
    {
        try
        {
            var document = Parser.Parse(request.Query);
            var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
            var operation = request.OperationName is null
                ? operations.Count == 1 ? operations[0] : null
                : operations.Find(o => o.Name?.StringValue == request.OperationName);
            return operation?.Operation;
        }
        catch (GraphQLParser.Exceptions.GraphQLSyntaxErrorException)
        {
            return null;
        }
    }

    private async Task WriteErrorAsync(HttpContext context, int status, string mediaType, string message, string code)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = mediaType + "; charset=utf-8";
        var error = new ExecutionError(message) { Code = code };
        await serializer.WriteAsync(context.Response.Body, new ExecutionResult { Errors = [error], Executed = false }, context.RequestAborted);
    }
}
