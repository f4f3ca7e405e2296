using System.Diagnostics;
using System.Diagnostics.Metrics;
using Hangfire;
using Hangfire.Storage.Monitoring;

namespace DqPlatform.Infrastructure.Telemetry;

/// <summary>
/// Hangfire's jobs by state (<c>dqp.jobs{state}</c>). The counts are the cluster's, not the node's: every node reads
/// the same storage and reports the same numbers, so dashboards aggregate across nodes with max, never sum.
/// </summary>
/// <remarks>
/// A collection never waits on the database: it reports the counts last read (at most <see cref="MaxAge"/> old, or
/// nothing once they are older than <see cref="StaleAfter"/>), and a stale value starts one read in the background
/// (never two at once). Only the very first collection waits for that read, and at most <see cref="FirstReadWait"/>.
/// A meter of the host's container (not static): the gauge reads this host's storage and goes with it.
/// </remarks>
public sealed class JobStateMetrics
{
    public const string MeterName = "DqPlatform.Jobs";
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan FirstReadWait = TimeSpan.FromSeconds(2);

    private readonly JobStorage _storage;
    private Snapshot? _last;
    private Task? _reading;

    public JobStateMetrics(IMeterFactory meters, JobStorage storage)
    {
        _storage = storage;
        meters.Create(MeterName).CreateObservableGauge("dqp.jobs", Observe, "{job}",
            "Background jobs by state (Hangfire), cluster-wide: every node reports the same counts; aggregate with max, not sum.");
    }

    private sealed record Snapshot(StatisticsDto Statistics, long ReadAt);

    private IEnumerable<Measurement<long>> Observe()
    {
        var last = Volatile.Read(ref _last);
        if (last is null || Stopwatch.GetElapsedTime(last.ReadAt) > MaxAge)
        {
            var reading = StartRead();
            if (last is null)
            {
                try
                {
                    reading.Wait(FirstReadWait);
                }
                catch (AggregateException)
                {
                    // A failure no read expects: report nothing this time, try again at the next collection.
                }

                last = Volatile.Read(ref _last);
            }
        }

        if (last is null || Stopwatch.GetElapsedTime(last.ReadAt) > StaleAfter)
        {
            return [];
        }

        var s = last.Statistics;
        return
        [
            Of("enqueued", s.Enqueued), Of("scheduled", s.Scheduled), Of("processing", s.Processing), Of("awaiting", s.Awaiting ?? 0),
            Of("succeeded", s.Succeeded), Of("failed", s.Failed), Of("deleted", s.Deleted), Of("retries", s.Retries ?? 0),
        ];

        static Measurement<long> Of(string state, long count) => new(count, new KeyValuePair<string, object?>("state", state));
    }

    // One read at a time: a collector scraping every second while the database hangs queues no further reads.
    private Task StartRead()
    {
        var running = Volatile.Read(ref _reading);
        if (running is { IsCompleted: false })
        {
            return running;
        }

        var next = new Task(Read);
        if (Interlocked.CompareExchange(ref _reading, next, running) != running)
        {
            return Volatile.Read(ref _reading) ?? Task.CompletedTask;
        }

        next.Start(TaskScheduler.Default);
        return next;
    }

    private void Read()
    {
        try
        {
            Volatile.Write(ref _last, new Snapshot(_storage.GetMonitoringApi().GetStatistics(), Stopwatch.GetTimestamp()));
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // The database is away: the last counts age out (StaleAfter) rather than fail the scrape.
        }
    }
}
