using System.Text.Json;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.People;
using DqPlatform.Domain.Queries;
using DqPlatform.Infrastructure.Connectors;
using DqPlatform.Infrastructure.Messaging;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Persistence.QueryData;
using DqPlatform.Infrastructure.Resilience;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Queries;

/// <summary>
/// The status of <c>query_results</c> rows: every change is one conditional UPDATE (so a cancellation and a finishing
/// worker cannot both win) and is published for subscriptions and webhooks.
/// </summary>
public sealed partial class QueryRunLedger(
    IServiceScopeFactory scopes,
    IEventBus bus,
    WorkspaceEventLog log,
    DatabaseConnectionStrings databases,
    IClock clock,
    IOptions<QueryOptions> options,
    ILogger<QueryRunLedger> logger)
{
    /// <summary>Queued → Running, or takes over a run whose worker stopped beating (a killed process).</summary>
    public async Task<bool> ClaimAsync(QueryResult run, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var stale = now - options.Value.StaleAfter;
        return await UpdateAsync(run.Id, q => q.Where(r => r.Status == QueryStatus.Queued || (r.Status == QueryStatus.Running && r.UpdatedAt < stale)),
            s => s.SetProperty(r => r.Status, QueryStatus.Running).SetProperty(r => r.UpdatedAt, now), cancellationToken,
            () => (run.Status, run.UpdatedAt) = (QueryStatus.Running, now), run);
    }

    /// <summary>
    /// Beats every <see cref="QueryOptions.Heartbeat"/> while the run works and cancels <paramref name="run"/> once
    /// the row is no longer Running (cancelQuery on any node); ends when <paramref name="stop"/> fires.
    /// </summary>
    /// <remarks>
    /// A beat that fails because PostgreSQL is away is skipped, not fatal: the run itself reads the source and writes
    /// the export, and its end is stored (with retries) once it finishes. Ending the watcher would stop the beats for
    /// good and fail a run that could still succeed; the next beat after the outage refreshes the row.
    /// </remarks>
    public async Task WatchAsync(Guid queryResultId, CancellationTokenSource run, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(options.Value.Heartbeat, stop);
                bool alive;
                try
                {
                    alive = await UpdateAsync(queryResultId, q => q.Where(r => r.Status == QueryStatus.Running),
                        s => s.SetProperty(r => r.UpdatedAt, clock.UtcNow), stop, changed: null, run: null);
                }
                catch (Exception e) when (DependencyFailures.IsOutage(e))
                {
                    LogBeatMissed(e, queryResultId);
                    continue;
                }

                if (!alive)
                {
                    await run.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Running → Succeeded with the audit rows in the same transaction; false when the run was cancelled first.</summary>
    public async Task<bool> SucceedAsync(
        QueryResult run, Guid? taskId, long rows, long? bytes, string? location, int durationMs, IReadOnlyList<DatasetRead> datasets, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QueryDataDbContext>();
        var now = clock.UtcNow;
        var (stored, logged) = await db.InTransactionAsync<(bool Stored, DqEvent? Logged)>(async (transaction, token) =>
        {
            db.ChangeTracker.Clear();
            var stored = await db.QueryResults.Where(r => r.Id == run.Id && r.Status == QueryStatus.Running).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, QueryStatus.Succeeded)
                .SetProperty(r => r.RowCount, rows)
                .SetProperty(r => r.Bytes, bytes)
                .SetProperty(r => r.OutputLocation, location)
                .SetProperty(r => r.DurationMs, durationMs)
                .SetProperty(r => r.UpdatedAt, now), token) == 1;
            if (!stored)
            {
                return (false, null);
            }

            db.QueryAudit.AddRange(datasets.Select(d => new QueryAuditEntry
            {
                OrgId = run.OrgId,
                TaskId = taskId ?? run.Id,
                DatasetId = DatasetIds.For(run.ConnectionId!.Value, d.Schema, d.Table),
                QueryTime = now,
                ColumnsAccessed = d.Columns is null ? null : JsonSerializer.Serialize(d.Columns),
                ResultRowCount = rows,
                QueryResultId = run.Id,
            }));
            await db.SaveChangesAsync(token);
            Succeeded();
            var events = await LogAsync(db, run, token);
            await transaction.CommitAsync(token);
            return (true, events);
        }, cancellationToken, alreadyDone: async token =>
        {
            // An earlier attempt committed but its answer was lost: only this worker stores this end of the run, so
            // the row Succeeded with this export is ours (its event was logged with it and reaches subscribers from
            // the log). Answering "not stored" would delete the export the row points at.
            if (!await db.QueryResults.AsNoTracking().AnyAsync(
                r => r.Id == run.Id && r.Status == QueryStatus.Succeeded && r.OutputLocation == location, token))
            {
                return DatabaseFacadeResilience.NotDone<(bool, DqEvent?)>();
            }

            Succeeded();
            return new Microsoft.EntityFrameworkCore.Storage.ExecutionResult<(bool, DqEvent?)>(true, (true, null));
        });
        if (!stored)
        {
            return false;
        }

        if (logged is not null)
        {
            await PublishAsync(logged);
        }

        return true;

        void Succeeded() =>
            (run.Status, run.RowCount, run.Bytes, run.OutputLocation, run.DurationMs, run.UpdatedAt) = (QueryStatus.Succeeded, rows, bytes, location, durationMs, now);
    }

    /// <summary>
    /// Queued or Running → Failed; false when the run had already finished (or was cancelled). With
    /// <paramref name="silentSince"/>, only while the run has not been touched since (a sweep must not fail a run a
    /// retried job has just taken over).
    /// </summary>
    public async Task<bool> FailAsync(QueryResult run, string code, string message, int? durationMs, CancellationToken cancellationToken, DateTimeOffset? silentSince = null)
    {
        var now = clock.UtcNow;
        return await UpdateAsync(run.Id, q => q.Where(r => (r.Status == QueryStatus.Queued || r.Status == QueryStatus.Running)
            && (silentSince == null || r.UpdatedAt < silentSince)), s => s
            .SetProperty(r => r.Status, QueryStatus.Failed)
            .SetProperty(r => r.ErrorCode, code)
            .SetProperty(r => r.ErrorMessage, message)
            .SetProperty(r => r.DurationMs, durationMs)
            .SetProperty(r => r.UpdatedAt, now), cancellationToken,
            () => (run.Status, run.ErrorCode, run.ErrorMessage, run.DurationMs, run.UpdatedAt) = (QueryStatus.Failed, code, message, durationMs, now), run);
    }

    /// <summary>
    /// Running → Failed with DATASET_FORBIDDEN, and one refused audit row per dataset it would have read, in the same
    /// transaction; false when the run had already ended (a cancellation came first).
    /// </summary>
    public async Task<bool> RefuseAsync(QueryResult run, Guid? taskId, DatasetForbiddenException refusal, int durationMs, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        return await UpdateAsync(run.Id, q => q.Where(r => r.Status == QueryStatus.Running), s => s
            .SetProperty(r => r.Status, QueryStatus.Failed)
            .SetProperty(r => r.ErrorCode, refusal.Code)
            .SetProperty(r => r.ErrorMessage, refusal.Message)
            .SetProperty(r => r.DurationMs, durationMs)
            .SetProperty(r => r.UpdatedAt, now), cancellationToken,
            () => (run.Status, run.ErrorCode, run.ErrorMessage, run.DurationMs, run.UpdatedAt) = (QueryStatus.Failed, refusal.Code, refusal.Message, durationMs, now), run,
            alongside: async (db, token) =>
            {
                db.QueryAudit.AddRange(refusal.DatasetIds.Select(dataset => new QueryAuditEntry
                {
                    OrgId = run.OrgId,
                    TaskId = taskId ?? run.Id,
                    DatasetId = dataset,
                    QueryTime = now,
                    ResultRowCount = 0,
                    QueryResultId = run.Id,
                    Refused = true,
                }));
                await db.SaveChangesAsync(token);
            });
    }

    /// <summary>Running → Queued, for a worker stopped by its server's shutdown: Hangfire runs the job again later.</summary>
    public Task<bool> RequeueAsync(Guid queryResultId) =>
        UpdateAsync(queryResultId, q => q.Where(r => r.Status == QueryStatus.Running), s => s.SetProperty(r => r.Status, QueryStatus.Queued),
            CancellationToken.None, changed: null, run: null);

    /// <summary>
    /// Logs <paramref name="run"/>'s status as it stands in the transaction open on <paramref name="db"/>. The query
    /// service's tables may live in a database of their own (<c>ConnectionStrings:Data</c>); the event is then logged
    /// by <see cref="PublishAsync"/>, just after the change committed, never before (a client must not hear of a
    /// status the run does not have), at the price of losing it should the node die between the two.
    /// </summary>
    public async Task<DqEvent> LogAsync(DbContext db, QueryResult run, CancellationToken cancellationToken)
    {
        var changed = new QueryStatusChanged(run.WorkspaceId, run.UpdatedAt ?? clock.UtcNow, run.Id, run.Status, EventJson.Copy(run));
        return SharesTheLogsDatabase ? (await WorkspaceEventLog.AppendAsync(db, [changed], cancellationToken))[0] : changed;
    }

    /// <summary>
    /// After the commit: publishes what <see cref="LogAsync"/> answered, logging it first when it could not be logged
    /// with the change. The change stands whatever happens here: with the log's database away the event is lost
    /// (logged, not thrown, so a committed end is never undone by its caller's failure handling).
    /// </summary>
    public async Task PublishAsync(DqEvent changed)
    {
        if (changed.Position == 0 && !SharesTheLogsDatabase)
        {
            try
            {
                changed = await log.AppendAsync(changed, CancellationToken.None);
            }
            catch (Exception e) when (DependencyFailures.IsOutage(e))
            {
                LogEventLost(e, changed.WorkspaceId);
                return;
            }
        }

        await bus.PublishAsync(changed);
    }

    private bool SharesTheLogsDatabase => databases.Postgres == databases.Data;

    // A status change and its event, in one transaction; the event tells run as changed.
    private async Task<bool> UpdateAsync(
        Guid id,
        Func<IQueryable<QueryResult>, IQueryable<QueryResult>> which,
        Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<QueryResult>> set,
        CancellationToken cancellationToken,
        Action? changed,
        QueryResult? run,
        Func<QueryDataDbContext, CancellationToken, Task>? alongside = null)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QueryDataDbContext>();
        if (changed is null || run is null)
        {
            return await which(db.QueryResults.Where(r => r.Id == id)).ExecuteUpdateAsync(set, cancellationToken) == 1;
        }

        var logged = await db.InTransactionAsync<DqEvent?>(async (transaction, token) =>
        {
            db.ChangeTracker.Clear();
            if (await which(db.QueryResults.Where(r => r.Id == id)).ExecuteUpdateAsync(set, token) != 1)
            {
                return null;
            }

            await (alongside?.Invoke(db, token) ?? Task.CompletedTask);

            changed();
            var events = await LogAsync(db, run, token);
            await transaction.CommitAsync(token);
            return events;
        }, cancellationToken);
        if (logged is null)
        {
            return false;
        }

        await PublishAsync(logged);
        return true;
    }

    [LoggerMessage(LogLevel.Warning, "Heartbeat of query run {QueryResultId} missed: the database is unavailable; beating on")]
    private partial void LogBeatMissed(Exception exception, Guid queryResultId);

    [LoggerMessage(LogLevel.Warning, "A query status event of workspace {WorkspaceId} was not logged: the database is unavailable")]
    private partial void LogEventLost(Exception exception, Guid workspaceId);
}
