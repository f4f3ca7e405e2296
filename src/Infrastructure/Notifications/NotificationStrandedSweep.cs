using DqPlatform.Domain.Common;
using DqPlatform.Domain.Notifications;
using DqPlatform.Infrastructure.Persistence;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DqPlatform.Infrastructure.Notifications;

/// <summary>
/// Recurring: finds attempts claimed longer than <see cref="DeliveryRules.StrandedAfter"/> ago and still queued (the
/// node that claimed them died before recording an outcome) and records each as a failed, interrupted attempt, so the
/// usual retry and health rules queue the next attempt. Each row is taken over by a compare-and-swap on its claim time,
/// so two sweeps never both record it.
/// </summary>
public sealed partial class NotificationStrandedSweep(
    DqDbContext db, NotificationLog log, IBackgroundJobClient jobs, IClock clock, ILogger<NotificationStrandedSweep> logger)
{
    private const int Batch = 100;

    [Queue(NotificationDeliveryJob.Queue)]
    [AutomaticRetry(Attempts = 0)]
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.UtcNow - DeliveryRules.StrandedAfter;
        var stranded = await db.NotificationDeliveries.AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Queued && d.AttemptedAt != null && d.AttemptedAt < cutoff)
            .OrderBy(d => d.AttemptedAt).Take(Batch).Select(d => new { d.Id, d.AttemptedAt }).ToListAsync(cancellationToken);
        var recorded = 0;
        foreach (var row in stranded)
        {
            var now = clock.UtcNow;
            if (await db.NotificationDeliveries.Where(d => d.Id == row.Id && d.Status == DeliveryStatus.Queued && d.AttemptedAt == row.AttemptedAt)
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.AttemptedAt, now), cancellationToken) == 0)
            {
                continue;
            }

            var attempt = await db.NotificationDeliveries.SingleAsync(d => d.Id == row.Id, cancellationToken);
            await NotificationDeliveryJob.RecordAsync(log, jobs, attempt, new AttemptResult(false, true, null, 0, DeliveryRules.InterruptedError), true, cancellationToken);
            recorded++;
        }

        if (recorded > 0)
        {
            LogRecorded(recorded);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Recorded {Count} interrupted notification attempt(s) as failed")]
    private partial void LogRecorded(int count);
}
