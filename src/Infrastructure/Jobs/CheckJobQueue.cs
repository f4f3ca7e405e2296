using DqPlatform.Domain.Jobs;
using Hangfire;
using Npgsql;

namespace DqPlatform.Infrastructure.Jobs;

/// <summary>
/// Creates <c>jobs</c> rows and hands them to Hangfire. The row is written first so that the caller gets its id at
/// once; a row Hangfire never heard of (a node died in between) is enqueued again by <see cref="JobReaper"/>.
/// </summary>
public sealed class CheckJobQueue(NpgsqlDataSource dataSource, IBackgroundJobClient hangfire)
{
    public async Task<IReadOnlyList<Guid>> EnqueueAsync(IReadOnlyCollection<Guid> checkIds, string triggeredBy, CancellationToken cancellationToken)
    {
        if (checkIds.Count == 0)
        {
            return [];
        }

        await using var command = dataSource.CreateCommand("""
            INSERT INTO dq.jobs (check_id, status, triggered_by)
            SELECT id, 'queued', $2 FROM unnest($1::uuid[]) AS id
            RETURNING id
            """);
        command.Parameters.AddWithValue(checkIds.ToArray());
        command.Parameters.AddWithValue(triggeredBy);
        var jobIds = new List<Guid>(checkIds.Count);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                jobIds.Add(reader.GetGuid(0));
            }
        }

        foreach (var jobId in jobIds)
        {
            Hand(jobId);
        }

        return jobIds;
    }

    public void Hand(Guid jobId) => hangfire.Enqueue<CheckJob>(CheckJob.Queue, j => j.RunAsync(jobId, null, CancellationToken.None));

    /// <summary>Marks a queued or running job cancelled; the worker notices within a second and stores nothing.</summary>
    public async Task<bool> CancelAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE dq.jobs SET status = 'cancelled', completed_at = now(), error_message = 'Cancelled on request.'
            WHERE id = $1 AND status IN ('queued', 'running')
            """);
        command.Parameters.AddWithValue(jobId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
