using DqPlatform.Domain.Common;
using DqPlatform.Domain.Queries;
using DqPlatform.Infrastructure.Persistence.QueryData;
using DqPlatform.Infrastructure.Queries.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Queries;

/// <summary>
/// The recurring sweep of query runs: deletes exports past <see cref="QueryOptions.Retention"/> from the store that
/// holds them (the run keeps its row, without a location), and fails runs whose process died without anyone to take
/// them over. An export this node cannot reach (another node's disk) keeps its location for a sweep on a node that can;
/// downloads answer it expired all the same, by its age.
/// </summary>
public sealed partial class ExportRetention(
    QueryDataDbContext data, ExportStores stores, QueryRunLedger ledger, IOptions<QueryOptions> options, IClock clock, ILogger<ExportRetention> logger)
{
    private const int Batch = 500;

    /// <returns>How many exports were deleted.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var deleted = await DeleteExpiredAsync(now - options.Value.Retention, cancellationToken);

        // Ten missed heartbeats: the Hangfire job, had it survived, would have taken the run over by now. A run still
        // Queued after the longest batch timeout lost its job (its retries failed before it started).
        var abandonedBefore = now - (options.Value.StaleAfter * 10);
        var lostBefore = now - options.Value.MaxBatchTimeout;
        var abandoned = await data.QueryResults.AsNoTracking()
            .Where(r => (r.Status == QueryStatus.Running && r.UpdatedAt < abandonedBefore) || (r.Status == QueryStatus.Queued && r.UpdatedAt < lostBefore))
            .Take(Batch).ToListAsync(cancellationToken);
        foreach (var run in abandoned)
        {
            await ledger.FailAsync(run, QueryErrorCodes.Interrupted, "The process running the query stopped before it finished.", null, cancellationToken,
                silentSince: run.Status == QueryStatus.Running ? abandonedBefore : lostBefore);
        }

        return deleted;
    }

    // In keyset order of (updated_at, id), so runs left in place do not come round again in the same sweep.
    private async Task<int> DeleteExpiredAsync(DateTimeOffset expiredBefore, CancellationToken cancellationToken)
    {
        var deleted = 0;
        var (afterTime, afterId) = (DateTimeOffset.MinValue, Guid.Empty);
        while (true)
        {
            var (time, id) = (afterTime, afterId);
            var expired = await data.QueryResults.AsNoTracking()
                .Where(r => r.OutputLocation != null && r.UpdatedAt < expiredBefore)
                .Where(r => EF.Functions.GreaterThan(ValueTuple.Create(r.UpdatedAt, r.Id), ValueTuple.Create((DateTimeOffset?)time, id)))
                .OrderBy(r => r.UpdatedAt).ThenBy(r => r.Id).Take(Batch).ToListAsync(cancellationToken);
            foreach (var run in expired)
            {
                var target = new ExportTarget(run.OrgId, run.Id, run.OutputFormat ?? QueryOutputFormat.Json);
                if (stores.OwnerOf(run.OutputLocation!, target) is not { } store)
                {
                    continue;
                }

                try
                {
                    await store.DeleteAsync(run.OutputLocation!, target, cancellationToken);
                }
                catch (ExportStoreUnavailableException e)
                {
                    // The store is down: the next sweep tries again; the rest of the sweep goes on.
                    LogStoreUnavailable(e);
                    return deleted;
                }

                await data.QueryResults.Where(r => r.Id == run.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.OutputLocation, (string?)null), cancellationToken);
                deleted++;
            }

            if (expired.Count < Batch)
            {
                return deleted;
            }

            (afterTime, afterId) = (expired[^1].UpdatedAt!.Value, expired[^1].Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The export store did not answer; expired exports are deleted by a later sweep")]
    private partial void LogStoreUnavailable(Exception e);
}
