using DqPlatform.Domain.Queries;
using DqPlatform.Infrastructure.Jobs;
using DqPlatform.Infrastructure.Persistence.QueryData;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DqPlatform.Infrastructure.Queries;

/// <summary>
/// Whether a batch run may take a worker now (issue 29): this node's workers held by batch runs stay under
/// <see cref="JobsOptions.BatchWorkerCap"/>, and one workspace's running batch runs under
/// <see cref="JobsOptions.BatchWorkspaceCap"/> over all nodes. A run refused here waits (<see cref="QueryJob"/>
/// schedules it again) instead of holding a worker, so a pile of one workspace's exports neither fills the node nor
/// stands in front of another workspace's run.
/// </summary>
public sealed class BatchAdmission(IOptions<JobsOptions> options, NpgsqlDataSource dataSource)
{
    private int _held;

    /// <summary>A worker slot for a batch run, or null when the node's batch runs hold all theirs.</summary>
    public IDisposable? TryTakeWorker()
    {
        if (Interlocked.Increment(ref _held) <= options.Value.BatchWorkerCap)
        {
            return new Slot(this);
        }

        Interlocked.Decrement(ref _held);
        return null;
    }

    /// <summary>
    /// One of the workspace's batch slots for as long as the answer lives, or null when they are all held; the slots
    /// are session advisory locks, so a slot is strict over all nodes and comes free if its process dies.
    /// </summary>
    public async Task<IAsyncDisposable?> TryTakeWorkspaceSlotAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("""
                SELECT slot FROM generate_series(0, $2 - 1) slot
                WHERE pg_try_advisory_lock(hashtextextended('dqp.batch:' || $1 || ':' || slot, 0))
                LIMIT 1
                """, connection);
            command.Parameters.AddWithValue(workspaceId.ToString());
            command.Parameters.AddWithValue(options.Value.BatchWorkspaceCap);
            if (await command.ExecuteScalarAsync(cancellationToken) is int)
            {
                return new WorkspaceSlot(connection);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    /// <summary>The run's workspace while it may still run; null when it ended meanwhile (cancelled while it waited).</summary>
    public static async Task<Guid?> WaitingWorkspaceAsync(QueryDataDbContext data, Guid queryResultId, CancellationToken cancellationToken)
    {
        var run = await data.QueryResults.AsNoTracking().Where(r => r.Id == queryResultId)
            .Select(r => new { r.WorkspaceId, r.Status }).SingleOrDefaultAsync(cancellationToken);
        return run is { Status: QueryStatus.Queued or QueryStatus.Running } ? run.WorkspaceId : null;
    }

    // A pooled connection keeps its session locks until it is next used: the slot is let go before it goes back.
    private sealed class WorkspaceSlot(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
                await unlock.ExecuteNonQueryAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                // The connection broke: the server let its locks go with it.
            }

            await connection.DisposeAsync();
        }
    }

    private sealed class Slot(BatchAdmission admission) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Interlocked.Decrement(ref admission._held);
            }
        }
    }
}
