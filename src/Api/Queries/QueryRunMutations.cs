using DqPlatform.Api.Auth;
using DqPlatform.Api.GraphQL;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Queries;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Queries;
using DqPlatform.Infrastructure.Security;
using GraphQL;
using GraphQL.Types;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Queries;

/// <summary>Running and cancelling queries; both need the <c>queries:run</c> scope.</summary>
public static class QueryRunMutations
{
    public static void Register(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<RunQueryPayloadGraphType>>("runQuery")
            .Description("Runs SQL (or a saved query) on a connection, read-only. INTERACTIVE answers rows now; BATCH queues an export.")
            .Argument<NonNullGraphType<RunQueryInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var caller = c.Service<RequestCaller>().Require(ApiKeyScopes.RunQueries);
                var request = await RequestOfAsync(c, caller, input);
                var runs = c.Service<QueryRuns>();
                if (request.Mode == QueryMode.Interactive)
                {
                    return await runs.RunInteractiveAsync(request, c.CancellationToken);
                }

                var run = await runs.CreateBatchAsync(request, c.CancellationToken);
                try
                {
                    QueryJob.Enqueue(c.Service<IBackgroundJobClient>(), c.Service<ConnectionConfigProtector>(), run.Id, request);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The run exists but no worker will ever see it: end it rather than leave it Queued.
                    await c.Service<QueryRunLedger>().FailAsync(run, QueryErrorCodes.Interrupted, "The run could not be queued; try again.", null, CancellationToken.None);
                    throw;
                }

                return new InteractiveAnswer(run, [], [], false);
            });

        mutation.Field<NonNullGraphType<QueryResultGraphType>>("cancelQuery")
            .Description("Cancels a queued or running query; a running statement is stopped on the source within about a second.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                c.Service<RequestCaller>().Require(ApiKeyScopes.RunQueries);
                var id = MutationSupport.IdOf(c.GetArgument<string>("id"), "QueryResult");
                var data = c.Data();
                var run = await data.QueryResults.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, c.CancellationToken)
                    ?? throw new NotFoundException("QueryResult", c.GetArgument<string>("id"));
                if (!await c.Service<QueryRuns>().CancelAsync(run, c.CancellationToken))
                {
                    throw new ConflictException($"The query already finished ({run.Status}).");
                }

                return run;
            });
    }

    private static async Task<QueryRunRequest> RequestOfAsync(IResolveFieldContext c, Caller caller, Dictionary<string, object?> input)
    {
        var connectionId = MutationSupport.IdOf(input.Value<string>("connectionId")!, "Connection");
        var arguments = input.TryGetValue("parameters", out var given) && given is IEnumerable<object> list
            ? list.Cast<Dictionary<string, object?>>().ToList() : [];
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var argument in arguments)
        {
            var name = argument.Value<string>("name")!;
            if (!values.TryAdd(name, argument.Value<string>("value")))
            {
                throw new ValidationException($"Parameter '{name}' is given twice.", "parameters");
            }
        }

        string sql;
        IReadOnlyList<QueryParameter> parameters;
        Guid? savedQueryId = null;
        switch (input.Value<string>("sql"), input.Value<string>("savedQueryId"))
        {
            case ({ } text, null):
                sql = text;
                parameters = arguments.Select(a => new QueryParameter(
                    a.Value<string>("name")!, a.TryGetValue("type", out var t) && t is QueryParameterType type ? type : QueryParameterType.String)).ToList();
                break;
            case (null, { } saved):
                var id = MutationSupport.IdOf(saved, "SavedQuery");
                var query = await c.Data().SavedQueries.AsNoTracking().SingleOrDefaultAsync(q => q.Id == id, c.CancellationToken)
                    ?? throw new NotFoundException("SavedQuery", saved);
                (sql, parameters, savedQueryId) = (query.Query, query.Parameters, query.Id);
                break;
            default:
                throw new ValidationException("Give exactly one of 'sql' and 'savedQueryId'.", "sql");
        }

        var mode = input.GetValueOrDefault("mode") is QueryRunMode.Batch ? QueryMode.Batch : QueryMode.Interactive;
        var format = (input.GetValueOrDefault("format") is QueryOutputFormatValue f ? f : QueryOutputFormatValue.Json).ToString().ToLowerInvariant();
        return new QueryRunRequest(
            caller.OrganizationId, caller.WorkspaceId, caller.ApiKeyId, connectionId, sql, parameters, values, mode,
            mode == QueryMode.Batch ? format : QueryOutputFormat.Json, savedQueryId, null, input.Value<int?>("maxRows"), input.Value<int?>("timeoutSeconds"));
    }
}
