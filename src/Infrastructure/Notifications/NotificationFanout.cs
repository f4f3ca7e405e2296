using DqPlatform.Domain.Events;
using DqPlatform.Domain.Notifications;
using DqPlatform.Infrastructure.Persistence;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DqPlatform.Infrastructure.Notifications;

/// <summary>
/// The notification pipeline's front: every incident change raised on this node (so each change is routed once however
/// many nodes run, and only changes that were committed and published — a change held back upstream never arrives) is
/// routed through the workspace's rules (<see cref="NotificationRouting"/>), then the quiet step
/// (<see cref="QuietHold"/>: maintenance windows, repeat suppression) may hold channels back, then one delivery-log row
/// and one Hangfire job per (event, channel) is queued. The job's argument is that row's id. The first attempt is
/// also started here at once (a worker's poll and a queue of check runs would otherwise sit between an incident and
/// its page); the row is claimed by whichever gets it first.
/// </summary>
public sealed partial class NotificationFanout(IEventBus bus, IServiceScopeFactory scopes, ILogger<NotificationFanout> logger) : IHostedService
{
    private IDisposable? _listening;

    // Immediate attempts in flight on this node; past this, attempts wait here (their Hangfire job may take them first).
    private readonly SemaphoreSlim _immediate = new(32);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listening = bus.ListenToOwn(e =>
        {
            if (e is IncidentChanged changed)
            {
                _ = FanOutAsync(changed);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _listening?.Dispose();
        return Task.CompletedTask;
    }

    private async Task FanOutAsync(IncidentChanged changed)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DqDbContext>();
            var options = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<NotificationOptions>>().Value;
            var now = scope.ServiceProvider.GetRequiredService<Domain.Common.IClock>().UtcNow;
            var queued = await QueueAsync(db, changed, options.RepeatInterval, now, CancellationToken.None);
            var jobs = scope.ServiceProvider.GetRequiredService<IBackgroundJobClient>();
            foreach (var id in queued)
            {
                jobs.Enqueue<NotificationDeliveryJob>(j => j.DeliverAsync(id, CancellationToken.None));
            }

            // The durable job is the fallback; the first attempt starts now, without waiting for a worker to poll.
            await Task.WhenAll(queued.Select(DeliverNowAsync));
        }
        catch (Exception e)
        {
            LogFanOutFailed(e, changed.IncidentId);
        }
    }

    private async Task DeliverNowAsync(Guid deliveryId)
    {
        await _immediate.WaitAsync();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<NotificationDeliveryJob>().DeliverAsync(deliveryId, CancellationToken.None);
        }
        catch (Exception e)
        {
            LogImmediateFailed(e, deliveryId);
        }
        finally
        {
            _immediate.Release();
        }
    }

    /// <summary>Routes one change and writes its queued attempts; answers their ids.</summary>
    public static async Task<IReadOnlyList<Guid>> QueueAsync(
        DqDbContext db, IncidentChanged changed, TimeSpan? repeatInterval, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rules = await db.NotificationRules.AsNoTracking().Where(r => r.WorkspaceId == changed.WorkspaceId && r.Enabled).ToListAsync(cancellationToken);
        if (rules.Count == 0)
        {
            return [];
        }

        var check = await db.CheckDefinitions.AsNoTracking().Where(c => c.Id == changed.CheckId)
            .Select(c => new { c.ConnectionId, c.TargetSchema, c.TargetTable, c.Tags, c.CheckType }).SingleOrDefaultAsync(cancellationToken);
        if (check is null)
        {
            return [];
        }

        var subject = new NotificationSubject(changed.Change, changed.Severity, check.ConnectionId, check.TargetSchema, check.TargetTable, check.Tags, check.CheckType);
        var routed = NotificationRouting.Route(rules, subject);
        var enabled = await db.NotificationChannels.AsNoTracking()
            .Where(c => c.WorkspaceId == changed.WorkspaceId && c.Enabled && routed.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
        IReadOnlyList<Guid> channels = [.. routed.Where(enabled.Contains)];
        var verdicts = await QuietHold.DecideAsync(db, changed, subject, channels, repeatInterval, now, cancellationToken);

        // A held channel still gets a row: the log (and the incident's deliveries) say what was kept quiet and why.
        var attempts = verdicts.Select(v => new NotificationDelivery
        {
            WorkspaceId = changed.WorkspaceId, ChannelId = v.ChannelId, DispatchId = Guid.NewGuid(), Event = DeliveryRules.EventName(changed.Change),
            IncidentId = changed.IncidentId, IncidentStatus = changed.Status, Severity = changed.Severity, FailureCount = changed.FailureCount, EventAt = changed.At,
            Status = v.Decision == Domain.Notifications.Quiet.QuietVerdict.Send ? DeliveryStatus.Queued : DeliveryStatus.Held, Error = v.Reason,
        }).ToList();
        db.NotificationDeliveries.AddRange(attempts);
        await db.SaveChangesAsync(cancellationToken);
        return [.. attempts.Where(a => a.Status == DeliveryStatus.Queued).Select(a => a.Id)];
    }

    [LoggerMessage(LogLevel.Warning, "The immediate attempt of notification delivery {DeliveryId} failed.")]
    private partial void LogImmediateFailed(Exception exception, Guid deliveryId);

    [LoggerMessage(LogLevel.Error, "Could not queue notifications for incident {IncidentId}.")]
    private partial void LogFanOutFailed(Exception exception, Guid incidentId);
}
