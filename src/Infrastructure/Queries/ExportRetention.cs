using DqPlatform.Domain.Common;
using DqPlatform.Domain.Queries;
using DqPlatform.Infrastructure.Persistence.QueryData;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Queries;

/// <summary>
/// The recurring sweep of query runs: deletes exports past <see cref="QueryOptions.Retention"/> (the run keeps its
/// row, without a location), and fails runs whose process died without anyone to take them over.
/// </summary>
public sealed class ExportRetention(QueryDataDbContext data, ExportFiles files, QueryRunLedger ledger, IOptions<QueryOptions> options, IClock clock)
{
    private const int Batch = 500;

    /// <returns>How many exports were deleted.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var expiredBefore = now - options.Value.Retention;
        var deleted = 0;
        while (true)
        {
            var expired = await data.QueryResults.AsNoTracking()
                .Where(r => r.OutputLocation != null && r.UpdatedAt < expiredBefore)
                .OrderBy(r => r.UpdatedAt).Take(Batch).ToListAsync(cancellationToken);
            foreach (var run in expired)
            {
                if (files.FileOf(run) is { } file && Path.GetDirectoryName(file) is { } folder && Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }

                await data.QueryResults.Where(r => r.Id == run.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.OutputLocation, (string?)null), cancellationToken);
                deleted++;
            }

            if (expired.Count < Batch)
            {
                break;
            }
        }

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
}
