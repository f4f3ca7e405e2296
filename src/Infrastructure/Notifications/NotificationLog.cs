using DqPlatform.Domain.Common;
using DqPlatform.Domain.Notifications;
using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Notifications;

/// <summary>
/// The delivery log's store: records an attempt's outcome, queues the next attempt of a failed one, and keeps the
/// channel's health (<see cref="DeliveryRules.UnhealthyAfter"/>) — all in one transaction, the health counted in SQL so
/// concurrent deliveries to one channel lose no failure.
/// </summary>
public sealed class NotificationLog(DqDbContext db, IClock clock, IOptions<NotificationOptions> options)
{
    /// <summary>Writes <paramref name="result"/> onto <paramref name="attempt"/> (tracked); answers the next attempt when one is due.</summary>
    public async Task<NotificationDelivery?> RecordAsync(NotificationDelivery attempt, AttemptResult result, bool mayRetry, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var o = options.Value;
        var wait = result is { Delivered: false, Retryable: true } && mayRetry
            ? DeliveryRules.Backoff(attempt.Attempt, o.MaxAttempts, o.FirstRetryDelay, o.MaxRetryDelay)
            : null;
        attempt.Status = result.Delivered ? DeliveryStatus.Delivered : DeliveryStatus.Failed;
        attempt.StatusCode = result.StatusCode;
        attempt.LatencyMs = result.LatencyMs;
        attempt.Error = result.Error;
        attempt.AttemptedAt = now;
        attempt.DeliveredAt = result.Delivered ? now : null;
        attempt.NextRetryAt = now + wait;
        var next = wait is null ? null : attempt.NextAttempt();
        if (next is not null)
        {
            next.CreatedAt = now;
            db.NotificationDeliveries.Add(next);
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken);
            await UpdateHealthAsync(attempt.ChannelId, result, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        db.ChangeTracker.AcceptAllChanges();
        return next;
    }

    private Task UpdateHealthAsync(Guid channelId, AttemptResult result, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var threshold = options.Value.UnhealthyAfter;
        return result.Delivered
            ? db.NotificationChannels.Where(c => c.Id == channelId).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.ConsecutiveFailures, 0).SetProperty(c => c.UnhealthySince, (DateTimeOffset?)null)
                .SetProperty(c => c.LastDeliveredAt, now).SetProperty(c => c.LastError, (string?)null), cancellationToken)
            : db.NotificationChannels.Where(c => c.Id == channelId).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.ConsecutiveFailures, c => c.ConsecutiveFailures + 1)
                .SetProperty(c => c.UnhealthySince, c => c.UnhealthySince == null && c.ConsecutiveFailures + 1 >= threshold ? now : c.UnhealthySince)
                .SetProperty(c => c.LastError, result.Error), cancellationToken);
    }
}
