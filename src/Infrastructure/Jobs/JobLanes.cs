using DqPlatform.Infrastructure.Resilience;
using Npgsql;

namespace DqPlatform.Infrastructure.Jobs;

/// <summary>
/// The fair claim over <c>dq.jobs</c> (issue 29). Hangfire delivers turns that name no job; a turn takes the queued
/// job of the workspace with the fewest running jobs under <see cref="JobsOptions.RunningCap"/>, ties to the workspace
/// served longest ago, then its oldest job. A workspace's lane row (<c>dq.job_lanes</c>) is locked for the claim, so
/// two workers never both take a workspace's last free slot.
/// </summary>
/// <remarks>
/// No queued job may be left without a turn. Turns at enqueue plus <c>dq.job_turns.owed</c> always cover the queued
/// jobs: a turn that finds work but none claimable (every such workspace at its cap) adds itself to <c>owed</c> and
/// looks once more (so a job ending meanwhile is not missed); a turn whose job ended takes one owed turn and claims
/// again. Whatever escapes both (a node dying between a commit and a hand-over) <see cref="JobReaper"/> restarts.
/// </remarks>
public sealed class JobLanes(NpgsqlDataSource dataSource)
{
    private const int Attempts = 4;

    /// <summary>The job a previous attempt of this same turn claimed and did not finish (its retry, or a killed worker).</summary>
    public async Task<Guid?> ClaimedByAsync(string turnId, CancellationToken cancellationToken)
    {
        return await DatabaseRetry.RunAsync(async cancellationToken =>
        {
            await using var command = dataSource.CreateCommand(
                "SELECT id FROM dq.jobs WHERE status = 'running' AND background_job_id = $1 LIMIT 1");
            command.Parameters.AddWithValue(turnId);
            return await command.ExecuteScalarAsync(cancellationToken) as Guid?;
        }, repeatable: true, cancellationToken);
    }

    /// <summary>Claims the fairest queued job for <paramref name="turnId"/>; null when none may start now.</summary>
    public async Task<Guid?> ClaimNextAsync(string turnId, int cap, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (claimed, waiting) = await TryClaimAsync(turnId, cap, now, cancellationToken);
        if (claimed is not null || !waiting)
        {
            return claimed;
        }

        // Work is queued but every workspace holding it is at its cap: this turn is owed to the next job that ends.
        // Owing first and looking again closes the gap with a job that ended after the first look (its turn took
        // nothing from owed then, but this look sees its slot free).
        await OweAsync(1, cancellationToken);
        (claimed, _) = await TryClaimAsync(turnId, cap, now, cancellationToken);
        if (claimed is not null)
        {
            await TakeOwedAsync(cancellationToken);
        }

        return claimed;
    }

    /// <summary>Adds <paramref name="turns"/> to the turns owed (jobs queued beyond the turns handed to Hangfire).</summary>
    public async Task OweAsync(long turns, CancellationToken cancellationToken)
    {
        if (turns <= 0)
        {
            return;
        }

        await DatabaseRetry.RunAsync(async cancellationToken =>
        {
            await using var command = dataSource.CreateCommand("UPDATE dq.job_turns SET owed = owed + $1");
            command.Parameters.AddWithValue(turns);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, repeatable: false, cancellationToken);
    }

    /// <summary>Takes one owed turn, if any: the caller claims again instead of ending.</summary>
    public async Task<bool> TakeOwedAsync(CancellationToken cancellationToken)
    {
        // Not repeated after a lost reply: a turn taken twice is one fewer turn for the queue (the reaper's case).
        await using var command = dataSource.CreateCommand("UPDATE dq.job_turns SET owed = owed - 1 WHERE owed > 0");
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// Workspaces whose queued jobs have waited longer than <paramref name="age"/> with none of theirs running: with
    /// the fair order they would have been served first, so their turns were lost. Answers how many turns to hand.
    /// </summary>
    public async Task<int> StrandedAsync(TimeSpan age, int cap, CancellationToken cancellationToken)
    {
        return await DatabaseRetry.RunAsync(async cancellationToken =>
        {
            await using var command = dataSource.CreateCommand("""
                SELECT coalesce(sum(LEAST(q.n, $2)), 0)::int FROM dq.job_lanes l
                CROSS JOIN LATERAL (SELECT count(*) AS n FROM dq.jobs j
                    WHERE j.workspace_id = l.workspace_id AND j.status = 'queued' AND j.created_at < now() - $1) q
                WHERE q.n > 0
                  AND NOT EXISTS (SELECT 1 FROM dq.jobs r WHERE r.workspace_id = l.workspace_id AND r.status = 'running')
                """);
            command.Parameters.AddWithValue(age);
            command.Parameters.AddWithValue(cap);
            return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        }, repeatable: true, cancellationToken);
    }

    private async Task<(Guid? Claimed, bool Waiting)> TryClaimAsync(string turnId, int cap, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var repeat = false;
        return await DatabaseRetry.RunAsync(async cancellationToken =>
        {
            // A repeat after a lost reply may follow a claim that committed: that job is this turn's, not a second one.
            if (repeat && await ClaimedByAsync(turnId, cancellationToken) is { } committed)
            {
                return (committed, true);
            }

            repeat = true;
            var tried = new List<Guid>();
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                if (await LockFairestLaneAsync(connection, transaction, cap, tried, cancellationToken) is not { } lane)
                {
                    await transaction.CommitAsync(cancellationToken);
                    return (null, await AnyQueuedAsync(connection, cancellationToken));
                }

                // A new statement, so a new snapshot: it sees every claim committed by the lane's previous holders.
                var claimed = await ClaimInLaneAsync(connection, transaction, lane, cap, turnId, now, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                if (claimed is not null)
                {
                    return (claimed, true);
                }

                tried.Add(lane);
            }

            return (null, true);
        }, repeatable: true, cancellationToken);
    }

    // Waits for a lane another claim holds (a claim is one short transaction) rather than skipping it: a skipping
    // turn finding nothing else would end while the lane still had work.
    private static async Task<Guid?> LockFairestLaneAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, int cap, List<Guid> tried, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT l.workspace_id FROM dq.job_lanes l
            CROSS JOIN LATERAL (SELECT count(*) AS n FROM dq.jobs r WHERE r.workspace_id = l.workspace_id AND r.status = 'running') running
            WHERE running.n < $1 AND l.workspace_id <> ALL ($2)
              AND EXISTS (SELECT 1 FROM dq.jobs q WHERE q.workspace_id = l.workspace_id AND q.status = 'queued')
            ORDER BY running.n, l.served_at NULLS FIRST, l.workspace_id
            LIMIT 1
            FOR UPDATE OF l
            """, connection, transaction);
        command.Parameters.AddWithValue(cap);
        command.Parameters.AddWithValue(tried.ToArray());
        return await command.ExecuteScalarAsync(cancellationToken) as Guid?;
    }

    private static async Task<Guid?> ClaimInLaneAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid lane, int cap, string turnId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            WITH next AS (
                SELECT id FROM dq.jobs
                WHERE workspace_id = $1 AND status = 'queued'
                  AND (SELECT count(*) FROM dq.jobs WHERE workspace_id = $1 AND status = 'running') < $2
                ORDER BY created_at
                LIMIT 1
                FOR UPDATE SKIP LOCKED),
            claimed AS (
                UPDATE dq.jobs j SET status = 'running', started_at = $3, background_job_id = $4
                FROM next WHERE j.id = next.id AND j.status = 'queued'
                RETURNING j.id),
            served AS (
                UPDATE dq.job_lanes SET served_at = $3 WHERE workspace_id = $1 AND EXISTS (SELECT 1 FROM claimed))
            SELECT id FROM claimed
            """, connection, transaction);
        command.Parameters.AddWithValue(lane);
        command.Parameters.AddWithValue(cap);
        command.Parameters.AddWithValue(now);
        command.Parameters.AddWithValue(turnId);
        return await command.ExecuteScalarAsync(cancellationToken) as Guid?;
    }

    private static async Task<bool> AnyQueuedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM dq.jobs WHERE status = 'queued')", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }
}
