using DqPlatform.Domain.Jobs;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Resilience;
using Npgsql;

namespace DqPlatform.Infrastructure.Jobs;

/// <summary>
/// Applies <see cref="JobTransitions"/> to <c>dq.jobs</c>, each as one conditional statement over the states the
/// transition is allowed from, because workers, reapers and people on every node move the same rows at once. Being
/// conditional, they may run again after a lost connection (<see cref="DatabaseRetry"/>); adding jobs may not.
/// </summary>
public sealed class JobStore(NpgsqlDataSource dataSource)
{
    private static readonly string[] Unfinished = [.. JobTransitions.Unfinished.Select(PostgresEnum.Label)];

    /// <summary>
    /// New queued jobs, one per check, in the order given; all but <paramref name="turnsHanded"/> of them are added to
    /// the turns owed (<see cref="JobLanes"/>) in the same statement, so they are never without a turn.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> AddQueuedAsync(
        IReadOnlyCollection<Guid> checkIds, string triggeredBy, int turnsHanded, CancellationToken cancellationToken)
    {
        return await DatabaseRetry.RunAsync(async cancellationToken =>
        {
            await using var command = dataSource.CreateCommand("""
                WITH added AS (
                    INSERT INTO dq.jobs (check_id, status, triggered_by)
                    SELECT id, 'queued', $2 FROM unnest($1::uuid[]) WITH ORDINALITY AS c(id, n) ORDER BY n
                    RETURNING id),
                owed AS (
                    UPDATE dq.job_turns SET owed = owed + ((SELECT count(*) FROM added) - $3)
                    WHERE (SELECT count(*) FROM added) > $3)
                SELECT id FROM added
                """);
            command.Parameters.AddWithValue(checkIds.ToArray());
            command.Parameters.AddWithValue(triggeredBy);
            command.Parameters.AddWithValue((long)turnsHanded);
            return await ReadIdsAsync(command, checkIds.Count, cancellationToken);
        }, repeatable: false, cancellationToken);
    }

    /// <summary><see cref="JobTransitions.CanClaim"/>: queued, or running under this same background job.</summary>
    public async Task<bool> ClaimAsync(Guid jobId, string backgroundJobId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        return await DatabaseRetry.RunAsync(async cancellationToken =>
        {
            await using var command = dataSource.CreateCommand("""
                UPDATE dq.jobs SET status = 'running', started_at = $3, background_job_id = $2
                WHERE id = $1 AND (status = 'queued' OR (status = 'running' AND background_job_id = $2))
                """);
            command.Parameters.AddWithValue(jobId);
            command.Parameters.AddWithValue(backgroundJobId);
            command.Parameters.AddWithValue(now);
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, repeatable: true, cancellationToken);
    }

    /// <summary>Running → queued: the worker is shutting down, so the retry starts the run afresh.</summary>
    public async Task HandBackAsync(Guid jobId)
    {
        await using var command = dataSource.CreateCommand("UPDATE dq.jobs SET status = 'queued' WHERE id = $1 AND status = 'running'");
        command.Parameters.AddWithValue(jobId);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    /// <summary>Unfinished → cancelled; false when the job had already finished.</summary>
    public async Task<bool> CancelAsync(Guid jobId, CancellationToken cancellationToken) =>
        await FailUnfinishedAsync(jobId, "cancelled", JobTransitions.CancelledMessage, cancellationToken) == 1;

    /// <summary>Unfinished → failed: the background job ran out of retries (called from Hangfire's state filter).</summary>
    public void GiveUp(Guid jobId, string reason)
    {
        using var command = FailUnfinished(jobId, "failed", JobTransitions.GaveUpMessage(reason));
        command.ExecuteNonQuery();
    }

    /// <summary>Unfinished → failed for the job a turn had claimed, when the turn ran out of retries.</summary>
    public void GiveUpClaimedBy(string turnId, string reason)
    {
        using var command = dataSource.CreateCommand("""
            UPDATE dq.jobs SET status = 'failed', completed_at = now(), error_message = $2
            WHERE status = 'running' AND background_job_id = $1
            """);
        command.Parameters.AddWithValue(turnId);
        command.Parameters.AddWithValue(JobTransitions.GaveUpMessage(reason));
        command.ExecuteNonQuery();
    }

    public async Task<bool> IsCancelledAsync(Guid jobId, CancellationToken cancellationToken)
    {
        return await DatabaseRetry.RunAsync(async cancellationToken =>
        {
            await using var command = dataSource.CreateCommand("SELECT status = 'cancelled' FROM dq.jobs WHERE id = $1");
            command.Parameters.AddWithValue(jobId);
            return await command.ExecuteScalarAsync(cancellationToken) is true;
        }, repeatable: true, cancellationToken);
    }

    /// <summary>Running → failed for runs started longer ago than any worker or retry could still be running them.</summary>
    public async Task<int> AbandonRunningAsync(TimeSpan age, CancellationToken cancellationToken)
    {
        return await DatabaseRetry.RunAsync(async cancellationToken =>
        {
            await using var command = dataSource.CreateCommand("""
                UPDATE dq.jobs SET status = 'failed', completed_at = now(), error_message = $2
                WHERE status = 'running' AND started_at < now() - $1
                """);
            command.Parameters.AddWithValue(age);
            command.Parameters.AddWithValue(JobTransitions.AbandonedMessage);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, repeatable: true, cancellationToken);
    }

    private async Task<int> FailUnfinishedAsync(Guid jobId, string status, string message, CancellationToken cancellationToken)
    {
        return await DatabaseRetry.RunAsync(async cancellationToken =>
        {
            await using var command = FailUnfinished(jobId, status, message);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, repeatable: true, cancellationToken);
    }

    private NpgsqlCommand FailUnfinished(Guid jobId, string status, string message)
    {
        var command = dataSource.CreateCommand("""
            UPDATE dq.jobs SET status = $2::dq.job_status, completed_at = now(), error_message = $3
            WHERE id = $1 AND status = ANY ($4::dq.job_status[])
            """);
        command.Parameters.AddWithValue(jobId);
        command.Parameters.AddWithValue(status);
        command.Parameters.AddWithValue(message);
        command.Parameters.AddWithValue(Unfinished);
        return command;
    }

    private static async Task<IReadOnlyList<Guid>> ReadIdsAsync(NpgsqlCommand command, int capacity, CancellationToken cancellationToken)
    {
        var ids = new List<Guid>(capacity);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }
}
