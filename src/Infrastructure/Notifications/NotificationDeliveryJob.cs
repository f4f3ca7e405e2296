using DqPlatform.Domain.Notifications;
using DqPlatform.Infrastructure.Persistence;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Notifications;

/// <summary>
/// Delivers one queued attempt of the delivery log, run by Hangfire. Its only argument is the attempt's id: the
/// channel's settings are opened here, the message rendered here, so no secret, URL or body is ever in a job row.
/// A retryable failure queues the next attempt and schedules it after the backoff (<see cref="DeliveryRules.Backoff"/>).
/// </summary>
public sealed partial class NotificationDeliveryJob(
    DqDbContext db, ChannelSecrets secrets, ChannelSender sender, NotificationLog log, IBackgroundJobClient jobs, IOptions<NotificationOptions> options,
    ILogger<NotificationDeliveryJob> logger)
{
    [Queue("default")]
    [AutomaticRetry(Attempts = 0)]
    public async Task DeliverAsync(Guid deliveryId, CancellationToken cancellationToken)
    {
        var attempt = await db.NotificationDeliveries.SingleOrDefaultAsync(d => d.Id == deliveryId, cancellationToken);
        if (attempt is not { Status: DeliveryStatus.Queued })
        {
            return;
        }

        var result = await AttemptAsync(attempt, cancellationToken);
        if (await log.RecordAsync(attempt, result.Result, result.MayRetry, cancellationToken) is { } next)
        {
            jobs.Schedule<NotificationDeliveryJob>(j => j.DeliverAsync(next.Id, CancellationToken.None), attempt.NextRetryAt!.Value);
        }

        if (!result.Result.Delivered)
        {
            LogFailed(attempt.ChannelId, attempt.Event, attempt.Attempt, result.Result.Error ?? "");
        }
    }

    /// <summary>Sends <paramref name="attempt"/> now (also the test-send's path); answers the outcome and whether a retry makes sense.</summary>
    public async Task<(AttemptResult Result, bool MayRetry)> AttemptAsync(NotificationDelivery attempt, CancellationToken cancellationToken)
    {
        var channel = await db.NotificationChannels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == attempt.ChannelId, cancellationToken);
        if (channel is null || (!channel.Enabled && attempt.Event != DeliveryRules.TestEvent))
        {
            return (new AttemptResult(false, false, null, 0, "The channel is disabled."), false);
        }

        var message = await NotificationMessage.ForAsync(db, attempt, options.Value.PublicBaseUrl, cancellationToken);
        return (await sender.SendAsync(channel, secrets.Open(channel.SettingsSealed), message, attempt.DispatchId, cancellationToken), true);
    }

    [LoggerMessage(LogLevel.Warning, "Notification to channel {ChannelId} of {EventName} failed (attempt {Attempt}): {Error}")]
    private partial void LogFailed(Guid channelId, string eventName, int attempt, string error);
}
