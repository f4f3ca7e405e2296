using DqPlatform.Domain.Common;
using DqPlatform.Infrastructure.Persistence;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Checks.Samples;

/// <summary>
/// The recurring <c>failed-samples-retention</c> job: deletes samples whose result is older than
/// <see cref="FailedSampleOptions.Retention"/>, in batches so a large backlog never holds one long transaction.
/// </summary>
public sealed partial class FailedSampleRetention(DqDbContext db, IOptions<FailedSampleOptions> options, IClock clock, ILogger<FailedSampleRetention> logger)
{
    private const int Batch = 5000;

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(60)]
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var before = clock.UtcNow - options.Value.Retention;
        var total = 0;
        while (true)
        {
            var deleted = await db.Database.ExecuteSqlInterpolatedAsync($"""
                DELETE FROM dq.check_result_samples WHERE result_id IN (
                    SELECT result_id FROM dq.check_result_samples WHERE executed_at < {before} LIMIT {Batch})
                """, cancellationToken);
            total += deleted;
            if (deleted < Batch)
            {
                break;
            }
        }

        if (total > 0)
        {
            LogPurged(total);
        }

        return total;
    }

    [LoggerMessage(LogLevel.Information, "Deleted {Count} failed-row samples past their retention.")]
    private partial void LogPurged(int count);
}
