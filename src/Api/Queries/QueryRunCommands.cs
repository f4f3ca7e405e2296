using DqPlatform.Domain.Common;
using DqPlatform.Domain.People;
using DqPlatform.Domain.Queries;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Queries;
using DqPlatform.Infrastructure.Security;
using Hangfire;

namespace DqPlatform.Api.Queries;

/// <summary>Running and cancelling queries (scope <c>queries:run</c>): interactive runs answer now, batch runs queue an export.</summary>
public sealed class QueryRunCommands(
    QueryRuns runs, QueryRunLedger ledger, SavedQueryStore queries, IBackgroundJobClient jobs, ConnectionConfigProtector protector, ICurrentCaller caller)
{
    /// <summary>What the client asked to run: its own SQL, or a saved query by id (exactly one of them).</summary>
    public sealed record Ask(
        Func<Guid> ConnectionId, string? Sql, string? SavedQueryId, Func<string, Guid> SavedQueryKey, IReadOnlyList<QueryParameter> DeclaredParameters,
        Func<Dictionary<string, string?>> Values, string Mode, string Format, int? MaxRows, int? TimeoutSeconds);

    public async Task<InteractiveAnswer> RunAsync(Ask ask, CancellationToken cancellationToken)
    {
        var who = caller.Require(ApiKeyScopes.RunQueries);
        // The submitter's roles travel with the run: a batch run is judged by them when its worker starts it.
        var request = await RequestOfAsync(who, ask, cancellationToken) with { Reader = DatasetReader.Of(who), SubmitterUserId = who.UserId };
        if (request.Mode == QueryMode.Interactive)
        {
            return await runs.RunInteractiveAsync(request, cancellationToken);
        }

        var run = await runs.CreateBatchAsync(request, cancellationToken);
        try
        {
            QueryJob.Enqueue(jobs, protector, run.Id, request);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The run exists but no worker will ever see it: end it rather than leave it Queued.
            await ledger.FailAsync(run, QueryErrorCodes.Interrupted, "The run could not be queued; try again.", null, CancellationToken.None);
            throw;
        }

        return new InteractiveAnswer(run, [], [], false);
    }

    /// <summary>Cancels a queued or running query; a running statement is stopped on the source within about a second.</summary>
    public async Task<QueryResult> CancelAsync(Guid? id, string shownId, CancellationToken cancellationToken)
    {
        caller.Require(ApiKeyScopes.RunQueries);
        var run = (id is { } known ? await queries.FindRunAsync(known, cancellationToken) : null) ?? throw new NotFoundException("QueryResult", shownId);
        return await runs.CancelAsync(run, cancellationToken) ? run : throw new ConflictException($"The query already finished ({run.Status}).");
    }

    private async Task<QueryRunRequest> RequestOfAsync(Caller who, Ask ask, CancellationToken cancellationToken)
    {
        var connectionId = ask.ConnectionId();
        var values = ask.Values();
        string sql;
        IReadOnlyList<QueryParameter> parameters;
        Guid? savedQueryId = null;
        switch (ask.Sql, ask.SavedQueryId)
        {
            case ({ } text, null):
                (sql, parameters) = (text, ask.DeclaredParameters);
                break;
            case (null, { } saved):
                var query = await queries.FindReadOnlyAsync(ask.SavedQueryKey(saved), cancellationToken) ?? throw new NotFoundException("SavedQuery", saved);
                (sql, parameters, savedQueryId) = (query.Query, query.Parameters, query.Id);
                break;
            default:
                throw new ValidationException("Give exactly one of 'sql' and 'savedQueryId'.", "sql");
        }

        return new QueryRunRequest(
            who.OrganizationId, who.WorkspaceId, who.Actor.Id, connectionId, sql, parameters, values, ask.Mode,
            ask.Mode == QueryMode.Batch ? ask.Format : QueryOutputFormat.Json, savedQueryId, null, ask.MaxRows, ask.TimeoutSeconds);
    }
}
