using System.Diagnostics;

namespace DqPlatform.Bench;

/// <summary>Runs an operation from N concurrent clients for a fixed time and reports throughput and latency percentiles.</summary>
public static class LoadRun
{
    public static async Task<LoadResult> RunAsync(string name, int clients, TimeSpan warmup, TimeSpan duration, Func<CancellationToken, Task> operation)
    {
        using (var warm = new CancellationTokenSource(warmup))
        {
            await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => LoopAsync(operation, null, warm.Token)));
        }

        var latencies = new List<double>[clients];
        using var cts = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(i => LoopAsync(operation, latencies[i] = [], cts.Token)));
        clock.Stop();
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(name, all.Length / clock.Elapsed.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99), all.Length);
    }

    private static async Task LoopAsync(Func<CancellationToken, Task> operation, List<double>? latencies, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var start = Stopwatch.GetTimestamp();
            await operation(CancellationToken.None);
            latencies?.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}

public sealed record LoadResult(string Name, double RequestsPerSecond, double P50Ms, double P99Ms, int Requests)
{
    public override string ToString() => $"{Name,-44} {RequestsPerSecond,9:F1} req/s   p50 {P50Ms,7:F2} ms   p99 {P99Ms,7:F2} ms   ({Requests} requests)";
}
