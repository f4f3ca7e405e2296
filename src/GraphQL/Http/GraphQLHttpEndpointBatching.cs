using DqPlatform.GraphQL.Documents;
using GraphQL;
using GraphQL.Transport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.GraphQL.Http;

/// <summary>
/// Request batching as Apollo's <c>BatchHttpLink</c> and HotChocolate speak it: a JSON array of requests answers a JSON
/// array of results in the same order. Each entry is an operation of its own: its own document (by hash or text), its
/// own price under the complexity limits, its own DI scope (so it sees what the entries before it committed, not their
/// loaders' caches), and one more permit of the caller's rate limit (<see cref="IBatchAdmission"/>). Entries run one
/// after another, so mutations take effect in the order sent.
/// </summary>
public sealed partial class GraphQLHttpEndpoint
{
    public const string BatchTooLargeCode = "BATCH_TOO_LARGE";

    private async Task HandleBatchAsync(HttpContext context, IReadOnlyList<GraphQLRequest> batch, string mediaType)
    {
        var limit = options.Value.MaxBatchSize;
        if (batch.Count == 0 || batch.Count > limit)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, mediaType,
                batch.Count == 0 ? "A batch holds at least one operation." : $"A batch holds at most {limit} operations; this one holds {batch.Count}.",
                batch.Count == 0 ? "BAD_REQUEST" : BatchTooLargeCode);
            return;
        }

        if (authentication is not null && await authentication.AuthenticateAsync(context) is { } unauthenticated)
        {
            await WriteErrorAsync(context, authentication.StatusOf(unauthenticated), mediaType, unauthenticated);
            return;
        }

        if (batchAdmission is not null && await batchAdmission.AdmitAsync(context, batch.Count) is { } limited)
        {
            await WriteErrorAsync(context, StatusCodes.Status429TooManyRequests, mediaType, limited);
            return;
        }

        var results = new List<ExecutionResult>(batch.Count);
        var requestServices = context.RequestServices;
        var scopes = requestServices.GetRequiredService<IServiceScopeFactory>();
        try
        {
            foreach (var request in batch)
            {
                await using var scope = scopes.CreateAsyncScope();
                // The host's services (the caller, the unit of work) are found through the request: they are the entry's.
                context.RequestServices = scope.ServiceProvider;
                results.Add(await RunEntryAsync(context, request));
            }
        }
        finally
        {
            context.RequestServices = requestServices;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = mediaType + "; charset=utf-8";
        await serializer.WriteAsync(context.Response.Body, results, context.RequestAborted);
    }

    private async Task<ExecutionResult> RunEntryAsync(HttpContext context, GraphQLRequest request)
    {
        var document = await documents.ResolveAsync(request.Query, request.Extensions, context.RequestAborted);
        if (document.Error is { } refused)
        {
            return new ExecutionResult { Errors = [refused], Executed = false };
        }

        // Admitted above; this sets the caller in the entry's scope.
        if (authentication is not null)
        {
            await authentication.AuthenticateAsync(context);
        }

        return await ExecuteAsync(context, request, document);
    }
}
