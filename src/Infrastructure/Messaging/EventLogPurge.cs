using DqPlatform.Domain.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Messaging;

/// <summary>Drops events older than <see cref="EventFeedOptions.Retention"/>; every node runs it, a second delete finds nothing.</summary>
public sealed partial class EventLogPurge(WorkspaceEventLog log, IClock clock, IOptions<EventFeedOptions> options, ILogger<EventLogPurge> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PurgeInterval);
        do
        {
            try
            {
                var purged = await log.PurgeAsync(clock.UtcNow - options.Value.Retention, stoppingToken);
                if (purged > 0)
                {
                    LogPurged(purged);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogPurgeFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(LogLevel.Information, "Purged {Count} events older than the event log's retention.")]
    private partial void LogPurged(int count);

    [LoggerMessage(LogLevel.Warning, "Could not purge old events; the next round retries.")]
    private partial void LogPurgeFailed(Exception exception);
}
