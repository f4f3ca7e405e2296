using DqPlatform.Domain.Common;
using DqPlatform.Domain.Queries;
using DqPlatform.Infrastructure.Jobs;
using DqPlatform.Infrastructure.Persistence.QueryData;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Queries;

/// <summary>
/// Whether a batch run may take a worker now (issue 29): this node's workers held by batch runs stay under
/// <see cref="JobsOptions.BatchWorkerCap"/>, and one workspace's running batch runs under
/// <see cref="JobsOptions.BatchWorkspaceCap"/> over all nodes. A run refused here waits (<see cref="QueryJob"/>
/// schedules it again) instead of holding a worker, so a pile of one workspace's exports neither fills the node nor
/// stands in front of another workspace's run.
/// </summary>
/// <remarks>
/// The workspace count is read before the run is claimed, so two workers admitting the same workspace's runs at the
/// same instant may pass the cap by one each; the node cap bounds what that can cost.
/// </remarks>
public sealed class BatchAdmission(IOptions<JobsOptions> options, IOptions<QueryOptions> queries, IClock clock)
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
    /// Whether the run may start: <c>false</c> when its workspace's batch slots are full (the run itself, a retry, does
    /// not count); null when the run has ended meanwhile (cancelled while it waited) and must not wait again.
    /// </summary>
    public async Task<bool?> WorkspaceHasRoomAsync(QueryDataDbContext data, Guid queryResultId, CancellationToken cancellationToken)
    {
        var run = await data.QueryResults.AsNoTracking().Where(r => r.Id == queryResultId)
            .Select(r => new { r.WorkspaceId, r.Status }).SingleOrDefaultAsync(cancellationToken);
        if (run is null || run.Status is not (QueryStatus.Queued or QueryStatus.Running))
        {
            return null;
        }

        // Runs silent past StaleAfter belong to dead workers: their own jobs take them over, they hold no worker now.
        var fresh = clock.UtcNow - queries.Value.StaleAfter;
        var running = await data.QueryResults.AsNoTracking().CountAsync(r => r.WorkspaceId == run.WorkspaceId && r.Id != queryResultId
            && r.Mode == QueryMode.Batch && r.Status == QueryStatus.Running && r.UpdatedAt >= fresh, cancellationToken);
        return running < options.Value.BatchWorkspaceCap;
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
