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
/// The fan-out also runs the first attempt at once in-process (<see cref="NotificationFanout"/>); whichever claims
/// the row first sends it, the other does nothing. A retryable failure queues the next attempt and schedules it after the backoff (<see cref="DeliveryRules.Backoff"/>).
/// </summary>
public sealed partial class NotificationDeliveryJob(
    DqDbContext db, ChannelSecrets secrets, ChannelSender sender, NotificationLog log, IBackgroundJobClient jobs, IOptions<NotificationOptions> options,
    Domain.Common.IClock clock, ILogger<NotificationDeliveryJob> logger)
{
    public const string Queue = "notifications";

    [Queue(Queue)]
    [AutomaticRetry(Attempts = 0)]
    public async Task DeliverAsync(Guid deliveryId, CancellationToken cancellationToken)
    {
        // Claimed once: the fan-out's immediate attempt and this job race for the row, and only the winner sends. A node
        // that dies between claim and record leaves the row claimed; NotificationStrandedSweep records it as interrupted
        // once it is older than DeliveryRules.StrandedAfter and queues the next attempt, never resending it concurrently.
        var now = clock.UtcNow;
        if (await db.NotificationDeliveries.Where(d => d.Id == deliveryId && d.Status == DeliveryStatus.Queued && d.AttemptedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.AttemptedAt, now), cancellationToken) == 0)
        {
            return;
        }

        var attempt = await db.NotificationDeliveries.SingleAsync(d => d.Id == deliveryId, cancellationToken);

        (AttemptResult Result, bool MayRetry) result;
        try
        {
            result = await AttemptAsync(attempt, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Anything a sender or the database throws is a failed attempt under the usual retry and health rules, not
            // a row left claimed forever (AutomaticRetry is off). Only the type is kept: a message may hold a URL or secret.
            LogThrew(e.GetType().Name, attempt.ChannelId);
            result = (new AttemptResult(false, true, null, 0, DeliveryRules.UnexpectedError(e.GetType().Name)), true);
        }

        await RecordAsync(log, jobs, attempt, result.Result, result.MayRetry, cancellationToken);
        if (!result.Result.Delivered)
        {
            LogFailed(attempt.ChannelId, attempt.Event, attempt.Attempt, result.Result.Error ?? "");
        }
    }

    /// <summary>Records a claimed attempt's outcome and schedules the next attempt when one is due (also the stranded sweep's path).</summary>
    internal static async Task RecordAsync(NotificationLog log, IBackgroundJobClient jobs, NotificationDelivery attempt, AttemptResult result, bool mayRetry,
        CancellationToken cancellationToken)
    {
        if (await log.RecordAsync(attempt, result, mayRetry, cancellationToken) is { } next)
        {
            jobs.Schedule<NotificationDeliveryJob>(j => j.DeliverAsync(next.Id, CancellationToken.None), attempt.NextRetryAt!.Value);
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

    [LoggerMessage(LogLevel.Error, "A notification attempt to channel {ChannelId} threw {ExceptionType}")]
    private partial void LogThrew(string exceptionType, Guid channelId);

    [LoggerMessage(LogLevel.Warning, "Notification to channel {ChannelId} of {EventName} failed (attempt {Attempt}): {Error}")]
    private partial void LogFailed(Guid channelId, string eventName, int attempt, string error);
}
