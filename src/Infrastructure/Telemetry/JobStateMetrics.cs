using System.Diagnostics.Metrics;
using Hangfire;
using Hangfire.Storage.Monitoring;

namespace DqPlatform.Infrastructure.Telemetry;

/// <summary>
/// Hangfire's jobs by state (<c>dqp.jobs{state}</c>), read from its storage when metrics are collected, at most once
/// per <see cref="MaxAge"/>: a scrape every few seconds from several collectors costs one round of counts.
/// </summary>
/// <remarks>A meter of the host's container (not static): the gauge reads this host's storage and goes with it.</remarks>
public sealed class JobStateMetrics
{
    public const string MeterName = "DqPlatform.Jobs";
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly JobStorage _storage;
    private readonly Lock _gate = new();
    private StatisticsDto? _last;
    private long _readAt;

    public JobStateMetrics(IMeterFactory meters, JobStorage storage)
    {
        _storage = storage;
        meters.Create(MeterName).CreateObservableGauge("dqp.jobs", Observe, "{job}", "Background jobs by state (Hangfire).");
    }

    private IEnumerable<Measurement<long>> Observe()
    {
        if (Read() is not { } s)
        {
            return [];
        }

        return
        [
            Of("enqueued", s.Enqueued), Of("scheduled", s.Scheduled), Of("processing", s.Processing), Of("awaiting", s.Awaiting ?? 0),
            Of("succeeded", s.Succeeded), Of("failed", s.Failed), Of("deleted", s.Deleted), Of("retries", s.Retries ?? 0),
        ];

        static Measurement<long> Of(string state, long count) => new(count, new KeyValuePair<string, object?>("state", state));
    }

    private StatisticsDto? Read()
    {
        lock (_gate)
        {
            if (_last is null || System.Diagnostics.Stopwatch.GetElapsedTime(_readAt) > MaxAge)
            {
                try
                {
                    _last = _storage.GetMonitoringApi().GetStatistics();
                    _readAt = System.Diagnostics.Stopwatch.GetTimestamp();
                }
                catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
                {
                    // The database is away: report nothing rather than fail the whole scrape.
                    return null;
                }
            }

            return _last;
        }
    }
}
