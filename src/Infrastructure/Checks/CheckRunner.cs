using System.Diagnostics;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Incidents;
using DqPlatform.Domain.Jobs;
using DqPlatform.Infrastructure.Connectors;
using DqPlatform.Infrastructure.Jobs;
using DqPlatform.Infrastructure.Incidents;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Resilience;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DqPlatform.Infrastructure.Checks;

/// <summary>
/// Runs one job: claims it, measures the sensor on the source, judges the reading, and stores the result, the job's
/// end state, the incident change and their events (see <c>EventLogRules</c>) in one transaction. A job cancelled meanwhile stores nothing.
/// </summary>
public sealed partial class CheckRunner(
    DqDbContext db,
    SourceConnectors connectors,
    SourceSchemas schemas,
    CheckTargets targets,
    SchemaDriftSensor drift,
    JobStore jobs,
    IOptions<CheckEngineOptions> options,
    Samples.FailedSamples samples,
    IClock clock,
    ILogger<CheckRunner> logger)
{
    /// <returns>What was stored, or null when the job was no longer there to run (finished, cancelled, or running elsewhere).</returns>
    /// <param name="backgroundJobId">The Hangfire job delivering this run; its own retries may take a running job over.</param>
    public async Task<CheckRunOutcome?> RunAsync(Guid jobId, string backgroundJobId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!await ClaimAsync(jobId, backgroundJobId, cancellationToken))
        {
            return null;
        }

        var job = await db.Jobs.AsNoTracking().Include(j => j.Check!).ThenInclude(c => c.Connection).SingleAsync(j => j.Id == jobId, cancellationToken);
        var check = job.Check!;
        using var cancelled = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stopWatching = new CancellationTokenSource();
        var watcher = WatchForCancellationAsync(jobId, cancelled, stopWatching.Token);
        var stopwatch = Stopwatch.StartNew();
        RuleOutcome outcome;
        string? error = null;
        Samples.SealedSample? sample = null;
        try
        {
            var connection = check.Connection!;
            var connector = connectors.For(connection.Type);
            var target = await targets.ResolveAsync(check, connection, cancelled.Token);
            var config = CheckConfig.Parse(check.Config);
            var type = CheckCatalog.Find(check.CheckType) ?? throw new ValidationException($"Unknown check type '{check.CheckType}'.", "checkType");
            if (type is Domain.Checks.Types.SchemaDriftCheck)
            {
                outcome = await drift.MeasureAsync(check, connection, target, config, cancelled.Token);
            }
            else if (type is ITimedHistoryJudge timed)
            {
                // Anomaly rules judge against timed history (seasons, training window); they take no row samples.
                var query = SensorQuery.For(type, config, connector.Dialect, target.Schema, target.Table, target.Column);
                var reading = await connector.MeasureAsync(schemas.SettingsOf(connection), query, settings.SensorTimeout, cancelled.Token);
                var measuredAt = clock.UtcNow;
                outcome = timed.Judge(config, reading, measuredAt, await CheckHistory.PointsAsync(db, check.Id, timed.Training(config, measuredAt), cancellationToken));
            }
            else
            {
                var query = SensorQuery.For(type, config, connector.Dialect, target.Schema, target.Table, target.Column);
                // History first: the rule is judged on the source's session, so that a failure's sample rows are read
                // in the sensor's own read-only transaction.
                var history = await HistoryAsync(check.Id, type.HistoryNeeded(config), cancellationToken);
                var sampling = samples.RequestFor(type, config, connector.Dialect, target.Schema, target.Table, target.Column, r => !type.Judge(config, r, history).Passed);
                var measured = await connector.MeasureAsync(schemas.SettingsOf(connection), query, sampling, settings.SensorTimeout, cancelled.Token);
                outcome = type.Judge(config, measured.Reading, history);
                sample = outcome.Passed ? null : samples.Seal(connection.WorkspaceId, config, measured.Sample);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The worker is shutting down: hand the job back so the retry starts it afresh.
            await jobs.HandBackAsync(jobId);
            throw;
        }
        catch (OperationCanceledException) when (cancelled.IsCancellationRequested)
        {
            LogCancelled(jobId);
            return null;
        }
        catch (Exception e) when (e is DomainException or System.Text.Json.JsonException)
        {
            error = e.Message;
            outcome = RuleOutcome.Fail(null, e.Message);
        }
        finally
        {
            await stopWatching.CancelAsync();
            await watcher;
        }

        var stored = await StoreAsync(job, check, outcome, error, sample, (int)stopwatch.ElapsedMilliseconds, cancellationToken);
        if (stored is not null)
        {
            // Counted once the transaction committed (it may have been retried).
            Telemetry.PlatformInstruments.RecordCheckRun(outcome.Passed, error is not null);
            if (stored.Incident is { Kind: IncidentChangeKind.Created } change)
            {
                Telemetry.PlatformInstruments.RecordIncidentOpened(change.Severity.ToString().ToLowerInvariant());
            }
        }

        return stored;
    }

    /// <summary>
    /// Takes a queued job, or a running one claimed by this same background job: that is a retry after an error, or
    /// Hangfire handing the job of a killed worker to another one, so the run is finished instead of staying
    /// "running". A different background job for the same run (a duplicate enqueue) finds it taken and does nothing.
    /// </summary>
    private Task<bool> ClaimAsync(Guid jobId, string backgroundJobId, CancellationToken cancellationToken) =>
        jobs.ClaimAsync(jobId, backgroundJobId, clock.UtcNow, cancellationToken);

    private async Task<IReadOnlyList<decimal>> HistoryAsync(Guid checkId, int needed, CancellationToken cancellationToken)
    {
        if (needed == 0)
        {
            return [];
        }

        return await db.CheckResults.AsNoTracking()
            .Where(r => r.CheckId == checkId && r.ErrorMessage == null && r.SensorValue != null)
            .OrderByDescending(r => r.ExecutedAt)
            .Take(needed)
            .Select(r => r.SensorValue!.Value)
            .ToListAsync(cancellationToken);
    }

    private async Task<CheckRunOutcome?> StoreAsync(
        Job job, CheckDefinition check, RuleOutcome outcome, string? error, Samples.SealedSample? sample, int elapsedMs, CancellationToken cancellationToken)
    {
        // At the database's precision (microseconds), so the event's time is the stored executedAt.
        var now = clock.UtcNow;
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
        // The result, the job's end, the incident and their events commit together, or (the database away) not at all
        // and the whole transaction runs again.
        return await db.InTransactionAsync<CheckRunOutcome?>(async (transaction, cancellationToken) =>
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            var severity = outcome.Passed ? null : check.Severity.ToString().ToLowerInvariant();
            await using var store = new NpgsqlCommand("""
                WITH result AS (
                    INSERT INTO dq.check_results (check_id, executed_at, execution_time_ms, sensor_value, rule_passed, severity, error_message,
                        expected_lower, expected_upper, explanation)
                    VALUES (@check, @now, @elapsed, @value, @passed, @severity::dq.check_severity, @error, @lower, @upper, @explanation)
                    RETURNING id)
                UPDATE dq.jobs SET status = @status::dq.job_status, completed_at = @now, error_message = @error,
                    result_id = (SELECT id FROM result)
                WHERE id = @job AND status = 'running'
                RETURNING result_id
                """, connection, (NpgsqlTransaction)transaction.GetDbTransaction());
            store.Parameters.AddWithValue("check", check.Id);
            store.Parameters.AddWithValue("now", now);
            store.Parameters.AddWithValue("elapsed", elapsedMs);
            store.Parameters.AddWithValue("value", (object?)outcome.SensorValue ?? DBNull.Value);
            store.Parameters.AddWithValue("passed", outcome.Passed);
            store.Parameters.AddWithValue("severity", (object?)severity ?? DBNull.Value);
            store.Parameters.AddWithValue("error", (object?)error ?? DBNull.Value);
            store.Parameters.AddWithValue("lower", (object?)outcome.ExpectedLower ?? DBNull.Value);
            store.Parameters.AddWithValue("upper", (object?)outcome.ExpectedUpper ?? DBNull.Value);
            store.Parameters.AddWithValue("explanation", (object?)ExplanationOf(outcome, error) ?? DBNull.Value);
            store.Parameters.AddWithValue("status", PostgresEnum.Label(JobTransitions.Finished(error)));
            store.Parameters.AddWithValue("job", job.Id);
            if (await store.ExecuteScalarAsync(cancellationToken) is not long resultId)
            {
                // Cancelled while we measured: the job keeps its cancelled state and no result is kept.
                await transaction.RollbackAsync(CancellationToken.None);
                LogCancelled(job.Id);
                return null;
            }

            if (sample is not null)
            {
                await Samples.FailedSampleStore.InsertAsync(connection, (NpgsqlTransaction)transaction.GetDbTransaction(), resultId, now, check.Id, sample, cancellationToken);
            }

            var change = await IncidentRecorder.RecordAsync(connection, check, outcome.Passed, now, options.Value.PassesToResolve, cancellationToken);
            var result = new CheckResult
            {
                Id = resultId, CheckId = check.Id, ExecutedAt = now, ExecutionTimeMs = elapsedMs, SensorValue = outcome.SensorValue,
                RulePassed = outcome.Passed, Severity = outcome.Passed ? null : check.Severity, ErrorMessage = error, Explanation = ExplanationOf(outcome, error),
                ExpectedLower = outcome.ExpectedLower, ExpectedUpper = outcome.ExpectedUpper,
            };
            var events = await Messaging.WorkspaceEventLog.AppendAsync(db, await EventsAsync(check, job.Id, result, change, cancellationToken), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new CheckRunOutcome(check.Connection!.WorkspaceId, job.Id, check.Id, resultId, outcome.SensorValue, outcome.Passed, error, change, events);
        }, cancellationToken, alreadyDone: async cancellationToken =>
        {
            // An earlier attempt committed but its answer was lost: the job already points at its result, which is
            // this run's (a repeat would find the job no longer running and take it for cancelled). Its events were
            // logged with it and reach subscribers from the log; the incident change is not known here.
            var resultId = await db.Jobs.AsNoTracking().Where(j => j.Id == job.Id).Select(j => j.ResultId).SingleOrDefaultAsync(cancellationToken);
            return resultId is { } id
                ? new ExecutionResult<CheckRunOutcome?>(true,
                    new CheckRunOutcome(check.Connection!.WorkspaceId, job.Id, check.Id, id, outcome.SensorValue, outcome.Passed, error, null, []))
                : DatabaseFacadeResilience.NotDone<CheckRunOutcome?>();
        });
    }

    // An error's reason is its error message; the column keeps the rule's own words, bounded like the column.
    private static string? ExplanationOf(RuleOutcome outcome, string? error) =>
        error is not null || outcome.Explanation is not { } text ? null : text.Length <= 4000 ? text : text[..3999] + "…";

    // What live clients and webhooks hear of a stored run, logged in its transaction; the incident as it now stands.
    private async Task<DqEvent[]> EventsAsync(CheckDefinition check, Guid jobId, CheckResult result, IncidentChange? change, CancellationToken cancellationToken)
    {
        var workspace = check.Connection!.WorkspaceId;
        var at = result.ExecutedAt;
        var resultAdded = new CheckResultAdded(workspace, at, check.Id, jobId, result.Id, result.RulePassed, result.SensorValue, result.ErrorMessage, result);
        var jobChanged = new JobStatusChanged(workspace, at, jobId, check.Id, JobTransitions.Finished(result.ErrorMessage));
        if (change is null)
        {
            return [resultAdded, jobChanged];
        }

        var incident = await db.Incidents.AsNoTracking().SingleAsync(i => i.Id == change.IncidentId, cancellationToken);
        if (Mutes.IsMuted(incident, check, at))
        {
            // Counted and stored, not announced (Mutes): no subscription, webhook or channel hears of it.
            return [resultAdded, jobChanged];
        }

        return [resultAdded, jobChanged,
            new IncidentChanged(workspace, at, change.IncidentId, check.Id, change.Kind, change.Status, change.Severity, change.FailureCount, incident)];
    }

    // Cancellation may come from any API node, so the job row is the signal; one primary-key read a second is cheap.
    private async Task WatchForCancellationAsync(Guid jobId, CancellationTokenSource cancelled, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(options.Value.CancellationPollInterval, stop);
                if (await jobs.IsCancelledAsync(jobId, stop))
                {
                    await cancelled.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (NpgsqlException e)
        {
            LogWatchFailed(e, jobId);
        }
    }

    [LoggerMessage(LogLevel.Information, "Job {JobId} was cancelled; nothing stored.")]
    private partial void LogCancelled(Guid jobId);

    [LoggerMessage(LogLevel.Warning, "Could not watch job {JobId} for cancellation.")]
    private partial void LogWatchFailed(Exception exception, Guid jobId);
}
