using System.Globalization;
using System.Diagnostics;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Connections;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.People;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Domain.Queries;
using DqPlatform.Infrastructure.Connectors;
using DqPlatform.Infrastructure.People;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Persistence.QueryData;
using DqPlatform.Infrastructure.Queries.Exports;
using DqPlatform.Infrastructure.Queries.Storage;
using DqPlatform.Infrastructure.Resilience;
using DqPlatform.Infrastructure.Tenancy.Quotas;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Queries;

/// <summary>
/// Runs user SQL against a source: checked (one reading statement, declared parameters, caps) before anything is
/// stored, then executed in a read-only transaction with a timeout, with the run recorded in <c>query_results</c>
/// (a hash of the SQL, never its text) and one <c>query_audit</c> row per table read.
/// </summary>
public sealed partial class QueryRuns(
    DqDbContext db,
    QueryDataDbContext data,
    SourceConnectors connectors,
    SourceSchemas schemas,
    QueryRunLedger ledger,
    ExportStores stores,
    WorkspaceQuotas quotas,
    UserAccess access,
    IOptions<QueryOptions> options,
    IClock clock,
    ILogger<QueryRuns> logger)
{
    /// <summary>Runs now and answers the first rows; a failed run answers its stored error, not an exception.</summary>
    public async Task<InteractiveAnswer> RunInteractiveAsync(QueryRunRequest request, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(request, cancellationToken);
        var maxRows = request.MaxRows ?? options.Value.InteractiveRows;
        var run = await CreateAsync(request, QueryStatus.Running, QueryOutputFormat.Json, cancellationToken);
        var answer = await ExecuteAsync(run, request, prepared, (read, ct) => CollectAsync(read, maxRows, ct), cancellationToken);
        return answer is { } a ? a with { Result = run } : new InteractiveAnswer(run, [], [], false);
    }

    /// <summary>Stores a Queued run; the caller hands it to a worker (<see cref="QueryJob"/>).</summary>
    public async Task<QueryResult> CreateBatchAsync(QueryRunRequest request, CancellationToken cancellationToken)
    {
        await PrepareAsync(request, cancellationToken);
        return await CreateAsync(request, QueryStatus.Queued, request.Format, cancellationToken);
    }

    /// <summary>The worker's part of a batch run: streams the whole result into the export store.</summary>
    public async Task RunBatchAsync(Guid queryResultId, QueryRunRequest request, CancellationToken cancellationToken)
    {
        var run = await data.QueryResults.AsNoTracking().SingleOrDefaultAsync(r => r.Id == queryResultId, cancellationToken);
        if (run is null || !await ledger.ClaimAsync(run, cancellationToken))
        {
            return;
        }

        Prepared prepared;
        try
        {
            request = await WithCurrentAccessAsync(request, cancellationToken);
            prepared = await PrepareAsync(request, cancellationToken);
        }
        catch (DomainException e)
        {
            // The submitter lost access, or the connection was deleted or changed, since the run was queued.
            await ledger.FailAsync(run, e.Code, e.Message, null, CancellationToken.None);
            return;
        }

        var target = new ExportTarget(run.OrgId, run.Id, request.Format);
        // Capped by the room left in the workspace's export-bytes quota as well as by the per-export cap.
        var room = await data.ExportRoomAsync(quotas.For(run.OrgId), run.WorkspaceId, cancellationToken);
        var limits = room < options.Value.BatchBytes
            ? new ExportLimits(options.Value.BatchRows, room, "the room left in the workspace's RETAINED_EXPORT_BYTES quota")
            : new ExportLimits(options.Value.BatchRows, options.Value.BatchBytes);
        string? committed = null;
        await ExecuteAsync(run, request, prepared, async (read, ct) =>
        {
            // Disposed uncommitted (a cap, a cancellation, a failed write), the upload leaves nothing behind.
            await using var upload = await stores.Writer.BeginAsync(target, ct);
            var rows = await ResultExport.For(request.Format).WriteAsync(read.Reader, upload.Content, limits, ct);
            var stored = await upload.CommitAsync(ct);
            committed = stored.Location;
            Telemetry.PlatformInstruments.RecordExport(request.Format, stored.Bytes);
            return new Collected<string>(stored.Location, rows, stored.Bytes, stored.Location);
        }, cancellationToken, onFailure: () => DeleteCommittedAsync(committed, target));
    }

    /// <summary>
    /// A run a user submitted is judged by their access when it starts, not only when it was queued: a role or a
    /// membership removed meanwhile applies (FORBIDDEN when they may no longer run queries in the workspace at all).
    /// A service-account key's run keeps what it was submitted with (a revoked key's runs are its owner's to cancel).
    /// </summary>
    private async Task<QueryRunRequest> WithCurrentAccessAsync(QueryRunRequest request, CancellationToken cancellationToken)
    {
        if (request.SubmitterUserId is not { } userId)
        {
            return request;
        }

        var now = await access.CallerAsync(userId, request.WorkspaceId, cancellationToken);
        if (now is null || !now.Has(ApiKeyScopes.RunQueries))
        {
            throw new SubmitterForbiddenException();
        }

        return request with { Reader = (request.Reader ?? DatasetReader.None).Narrowed(DatasetReader.Of(now)) };
    }

    private sealed class SubmitterForbiddenException()
        : DomainException("FORBIDDEN", "The user who submitted this run may no longer run queries in this workspace; it was not run.");

    /// <summary>A queued run that can never run fails with the reason.</summary>
    public async Task FailQueuedAsync(Guid queryResultId, DomainException reason, CancellationToken cancellationToken)
    {
        if (await data.QueryResults.AsNoTracking().SingleOrDefaultAsync(r => r.Id == queryResultId, cancellationToken) is { } run)
        {
            await ledger.FailAsync(run, reason.Code, reason.Message, null, cancellationToken);
        }
    }

    /// <summary>Marks a queued or running run failed with CANCELLED; its worker stops the statement within a heartbeat.</summary>
    public async Task<bool> CancelAsync(QueryResult run, CancellationToken cancellationToken) =>
        await ledger.FailAsync(run, QueryErrorCodes.Cancelled, "Cancelled on request.", null, cancellationToken);

    /// <param name="Forbidden">The connection's registered datasets <paramref name="Reader"/> may not read (usually none).</param>
    private sealed record Prepared(Connection Connection, SourceConnector Connector, BoundQuery Query, TimeSpan Timeout, DatasetReader Reader, IReadOnlyList<Dataset> Forbidden);

    private sealed record Collected<T>(T Value, long Rows, long? Bytes, string? Location);

    /// <summary>Everything that can be refused is refused here, before a row exists.</summary>
    private async Task<Prepared> PrepareAsync(QueryRunRequest request, CancellationToken cancellationToken)
    {
        var sql = ReadOnlySql.Require(request.Sql, "sql");
        if (!QueryOutputFormat.All.Contains(request.Format))
        {
            throw new ValidationException("'format' must be json, csv or parquet.", "format");
        }

        var batch = request.Mode == QueryMode.Batch;
        if (request.MaxRows is { } maxRows && (maxRows < 1 || maxRows > options.Value.MaxInteractiveRows))
        {
            throw new ValidationException(string.Create(CultureInfo.InvariantCulture, $"'maxRows' must be 1 to {options.Value.MaxInteractiveRows:N0}."), "maxRows");
        }

        var maxTimeout = batch ? options.Value.MaxBatchTimeout : options.Value.MaxInteractiveTimeout;
        if (request.TimeoutSeconds is { } seconds && (seconds < 1 || seconds > maxTimeout.TotalSeconds))
        {
            throw new ValidationException($"'timeoutSeconds' must be 1 to {maxTimeout.TotalSeconds:0}.", "timeoutSeconds");
        }

        var connection = await db.Connections.AsNoTracking()
            .SingleOrDefaultAsync(c => c.Id == request.ConnectionId && c.WorkspaceId == request.WorkspaceId, cancellationToken)
            ?? throw new NotFoundException("Connection", request.ConnectionId.ToString());
        var connector = connectors.For(connection.Type);
        QueryTemplate.Validate(sql, request.Parameters);
        var bound = QueryTemplate.Bind(sql, request.Parameters, request.Values, connector.Dialect.Reading, connector.Dialect.ParameterMarker);
        var timeout = request.TimeoutSeconds is { } s ? TimeSpan.FromSeconds(s) : batch ? options.Value.BatchTimeout : options.Value.InteractiveTimeout;
        // Read at run time (a batch run's worker too): a restriction added after submission still applies.
        var restricted = await db.Datasets.AsNoTracking().Where(d => d.ConnectionId == connection.Id && d.ReadRoles.Length > 0).ToListAsync(cancellationToken);
        var reader = request.Reader ?? DatasetReader.None;
        return new Prepared(connection, connector, bound, timeout, reader, DatasetAccess.Refused(reader, restricted, read: null));
    }

    private async Task<QueryResult> CreateAsync(QueryRunRequest request, string status, string format, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var run = new QueryResult
        {
            Id = Guid.NewGuid(),
            OrgId = request.OrganizationId,
            WorkspaceId = request.WorkspaceId,
            ConnectionId = request.ConnectionId,
            UserId = request.UserId,
            Mode = request.Mode,
            Status = status,
            SqlHash = QueryFingerprint.Of(request.Sql),
            SavedQueryId = request.SavedQueryId,
            TaskId = request.TaskId,
            OutputFormat = format,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var logged = await data.InTransactionAsync<DqEvent?>(async (transaction, token) =>
        {
            if (status == QueryStatus.Queued)
            {
                await data.RequireRoomForBatchAsync(quotas.For(request.OrganizationId), request.WorkspaceId, token);
            }

            // Added on every attempt: a retry inserts the run again, under the id chosen here, in its new transaction.
            data.Entry(run).State = EntityState.Added;
            await data.SaveChangesAsync(token);
            var events = await ledger.LogAsync(data, run, token);
            await transaction.CommitAsync(token);
            return events;
        }, cancellationToken, alreadyDone: async token =>
            // An earlier attempt committed but its answer was lost: the run exists under the id chosen here (inserting
            // it again would be a unique violation); its event was logged with it and reaches subscribers from the log.
            await data.QueryResults.AsNoTracking().AnyAsync(r => r.Id == run.Id, token)
                ? new ExecutionResult<DqEvent?>(true, null)
                : DatabaseFacadeResilience.NotDone<DqEvent?>());
        data.Entry(run).State = EntityState.Detached;
        if (logged is not null)
        {
            await ledger.PublishAsync(logged);
        }

        return run;
    }

    private async Task<T?> ExecuteAsync<T>(
        QueryResult run,
        QueryRunRequest request,
        Prepared prepared,
        Func<SourceRead, CancellationToken, Task<Collected<T>>> consume,
        CancellationToken cancellationToken,
        Func<Task>? onFailure = null)
        where T : class?
    {
        using var cancelled = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stopWatching = new CancellationTokenSource();
        var watcher = ledger.WatchAsync(run.Id, cancelled, stopWatching.Token);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var settings = schemas.SettingsOf(prepared.Connection);
            var (collected, datasets) = await prepared.Connector.QueryAsync(settings, prepared.Query, prepared.Timeout,
                async (read, ct) =>
                {
                    var consumed = await consume(read, ct);
                    Telemetry.SourceQueryTelemetry.RecordRows(consumed.Rows);
                    return (consumed, read.Datasets);
                }, cancelled.Token, admit: prepared.Forbidden.Count == 0 ? null : read => Admit(prepared, read));
            await StopAsync();
            if (await ledger.SucceedAsync(run, request.TaskId, collected.Rows, collected.Bytes, collected.Location, Elapsed(), datasets, CancellationToken.None))
            {
                return collected.Value;
            }

            await (onFailure?.Invoke() ?? Task.CompletedTask);
            await ReloadAsync(run);
            return default;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await (onFailure?.Invoke() ?? Task.CompletedTask);
            if (request.Mode == QueryMode.Batch)
            {
                // The server is shutting down: the job runs again on the next start.
                await ledger.RequeueAsync(run.Id);
            }
            else
            {
                // The caller went away (or the server is stopping): nobody will read this answer.
                await ledger.FailAsync(run, QueryErrorCodes.Cancelled, "The caller went away before the query finished.", Elapsed(), CancellationToken.None);
            }

            throw;
        }
        catch (DatasetForbiddenException e)
        {
            if (!await ledger.RefuseAsync(run, request.TaskId, e, Elapsed(), CancellationToken.None))
            {
                await ReloadAsync(run);
            }

            return default;
        }
        catch (Exception e) when (e is OperationCanceledException or DomainException or ExportLimitException or IOException or UnauthorizedAccessException)
        {
            await (onFailure?.Invoke() ?? Task.CompletedTask);
            var (code, message) = e switch
            {
                SourceException { TimedOut: true } => (QueryErrorCodes.Timeout, e.Message),
                SourceException => (QueryErrorCodes.SourceError, e.Message),
                DomainException d => (d.Code, e.Message), // a refused target (FORBIDDEN), a config that no longer parses
                ExportLimitException => (QueryErrorCodes.LimitExceeded, e.Message),
                IOException or UnauthorizedAccessException => (QueryErrorCodes.SourceError, "The export could not be written to the export store."),
                _ => (QueryErrorCodes.Cancelled, "Cancelled on request."),
            };
            if (e is IOException or UnauthorizedAccessException)
            {
                LogExportFailed(e, run.Id);
            }

            if (!await ledger.FailAsync(run, code, message, Elapsed(), CancellationToken.None))
            {
                await ReloadAsync(run);
            }

            return default;
        }
        catch (Exception e)
        {
            // Anything unforeseen still ends the run (else its heartbeat would keep it Running for ever) and is logged.
            await (onFailure?.Invoke() ?? Task.CompletedTask);
            LogRunFailed(e, run.Id);
            await ledger.FailAsync(run, QueryErrorCodes.SourceError, "The query failed on the server; the error was logged.", Elapsed(), CancellationToken.None);
            throw;
        }
        finally
        {
            // Whatever the outcome, the heartbeat stops (on success already before the end is stored).
            await StopAsync();
        }

        int Elapsed() => (int)Math.Min(int.MaxValue, stopwatch.ElapsedMilliseconds);

        async Task StopAsync()
        {
            if (!stopWatching.IsCancellationRequested)
            {
                await stopWatching.CancelAsync();
                await watcher;
            }
        }
    }

    // Before the statement runs, from the tables the source says it will read (DatasetAccess has the rule).
    private static void Admit(Prepared prepared, IReadOnlyList<DatasetRead>? read)
    {
        var ids = read?.Select(d => DatasetIds.For(prepared.Connection.Id, d.Schema, d.Table)).ToHashSet();
        if (DatasetAccess.Refused(prepared.Reader, prepared.Forbidden, ids) is { Count: > 0 } refused)
        {
            throw DatasetForbiddenException.For(refused, attributed: read is not null);
        }
    }

    // Another party (cancelQuery) decided the run's end; answer what it stored.
    private async Task ReloadAsync(QueryResult run)
    {
        var stored = await data.QueryResults.AsNoTracking().SingleAsync(r => r.Id == run.Id);
        (run.Status, run.ErrorCode, run.ErrorMessage, run.UpdatedAt) = (stored.Status, stored.ErrorCode, stored.ErrorMessage, stored.UpdatedAt);
    }

    private async Task<Collected<InteractiveAnswer>> CollectAsync(SourceRead read, int maxRows, CancellationToken cancellationToken)
    {
        var reader = read.Reader;
        var columns = Enumerable.Range(0, reader.FieldCount).Select(i => new ResultColumn(reader.GetName(i), reader.GetDataTypeName(i))).ToList();
        var rows = new List<object?[]>();
        long size = 0;
        var truncated = false;
        while (await reader.ReadAsync(cancellationToken))
        {
            if (rows.Count >= maxRows)
            {
                truncated = true;
                await read.StopAsync();
                break;
            }

            // A row is counted whole before it joins the answer: one that would carry the answer past its byte cap
            // (a wide text, an array of them) is left out, the answer marked truncated and the statement stopped.
            var row = new object?[columns.Count];
            long rowSize = 0;
            for (var i = 0; i < row.Length && size + rowSize <= options.Value.InteractiveBytes; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : ResultValues.Plain(reader.GetValue(i));
                rowSize += ResultValues.SizeOf(row[i]);
            }

            if (size + rowSize > options.Value.InteractiveBytes)
            {
                truncated = true;
                await read.StopAsync();
                break;
            }

            size += rowSize;
            rows.Add(row);
        }

        return new Collected<InteractiveAnswer>(new InteractiveAnswer(null!, columns, rows, truncated), rows.Count, size, null);
    }

    // An export committed for a run whose end another party decided (cancelQuery), or that failed after the commit.
    private async Task DeleteCommittedAsync(string? location, ExportTarget target)
    {
        if (location is null)
        {
            return;
        }

        try
        {
            await stores.Writer.DeleteAsync(location, target, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogExportFailed(e, target.QueryResultId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Query run {QueryResultId} failed unexpectedly")]
    private partial void LogRunFailed(Exception e, Guid queryResultId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Export of query run {QueryResultId} could not be written or removed")]
    private partial void LogExportFailed(Exception e, Guid queryResultId);
}
