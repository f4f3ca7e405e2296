using DqPlatform.Domain.Common;
using DqPlatform.Domain.Jobs;
using DqPlatform.Domain.Scheduling;
using Hangfire;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DqPlatform.Infrastructure.Jobs;

/// <summary>
/// The schedule tick. Due schedules are claimed with <c>FOR UPDATE SKIP LOCKED</c> and moved to their next
/// occurrence in the same transaction that creates their jobs, so any number of servers ticking at once fire each
/// due schedule exactly once. The next occurrence is counted from now, so a server that was down fires a missed
/// schedule once, not once per missed tick.
/// </summary>
public sealed partial class ScheduleDispatcher(NpgsqlDataSource dataSource, CheckJobQueue queue, IClock clock, ILogger<ScheduleDispatcher> logger)
{
    private const int BatchSize = 200;

    [AutomaticRetry(Attempts = 0)]
    public async Task<int> TickAsync(CancellationToken cancellationToken)
    {
        var fired = 0;
        while (true)
        {
            var jobIds = await FireDueBatchAsync(cancellationToken);
            // A turn per fired job: they belong to many workspaces, which may run side by side.
            queue.HandTurns(jobIds.Count);

            fired += jobIds.Count;
            if (jobIds.Count < BatchSize)
            {
                break;
            }
        }

        if (fired > 0)
        {
            LogFired(fired);
        }

        return fired;
    }

    private async Task<List<Guid>> FireDueBatchAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var due = new List<(Guid Schedule, Guid Check, string Cron, string Zone)>();
        // Schedule.DueAt, with the row locks it needs: SKIP LOCKED lets every server take a share of the due schedules.
        await using (var select = new NpgsqlCommand("""
            SELECT s.id, s.check_id, s.cron_expression, s.timezone
            FROM dq.schedules s JOIN dq.check_definitions c ON c.id = s.check_id
            WHERE s.enabled AND c.enabled AND s.next_run_at <= @now
            ORDER BY s.next_run_at
            LIMIT @batch
            FOR UPDATE OF s SKIP LOCKED
            """, connection, transaction))
        {
            select.Parameters.AddWithValue("now", now);
            select.Parameters.AddWithValue("batch", BatchSize);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3)));
            }
        }

        var jobIds = new List<Guid>(due.Count);
        foreach (var (scheduleId, checkId, cron, zone) in due)
        {
            DateTimeOffset? next;
            try
            {
                next = Schedule.NextAfterFiring(cron, zone, now);
            }
            catch (ValidationException e)
            {
                // Saved schedules were valid; a zone that vanished from the OS must not stall every other schedule.
                LogUnusable(e, scheduleId);
                next = null;
            }

            await using var fire = new NpgsqlCommand("""
                WITH job AS (
                    INSERT INTO dq.jobs (check_id, status, triggered_by, schedule_id) VALUES (@check, 'queued', @trigger, @schedule)
                    RETURNING id)
                UPDATE dq.schedules SET last_run_at = @now, next_run_at = @next, last_run_job_id = (SELECT id FROM job), updated_at = @now
                WHERE id = @schedule
                RETURNING last_run_job_id
                """, connection, transaction);
            fire.Parameters.AddWithValue("check", checkId);
            fire.Parameters.AddWithValue("trigger", JobTrigger.Schedule);
            fire.Parameters.AddWithValue("schedule", scheduleId);
            fire.Parameters.AddWithValue("now", now);
            fire.Parameters.AddWithValue("next", (object?)next ?? DBNull.Value);
            jobIds.Add((Guid)(await fire.ExecuteScalarAsync(cancellationToken))!);
        }

        await transaction.CommitAsync(cancellationToken);
        return jobIds;
    }

    [LoggerMessage(LogLevel.Information, "Schedule tick fired {Count} checks.")]
    private partial void LogFired(int count);

    [LoggerMessage(LogLevel.Error, "Schedule {ScheduleId} has an expression or time zone this server cannot use; it will not fire again until edited.")]
    private partial void LogUnusable(Exception exception, Guid scheduleId);
}
