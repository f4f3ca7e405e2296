using System.Diagnostics;

namespace DqPlatform.Bench;

/// <summary>Runs an operation from N concurrent clients for a fixed time and reports throughput and latency percentiles.</summary>
public static class LoadRun
{
    public static async Task<LoadResult> RunAsync(string name, int clients, TimeSpan warmup, TimeSpan duration, Func<CancellationToken, Task> operation)
    {
        await WarmAsync(clients, warmup, operation);
        var (latencies, elapsed) = await MeasureAsync(clients, duration, operation);
        return Result(name, latencies, elapsed);
    }

    /// <summary>
    /// Two operations measured in alternating rounds (A, B, A, B …) after both are warm, so that a shared machine's
    /// drift, which moves one run against the next by ±20% here, falls on both alike; with each round's B/A.
    /// </summary>
    public static async Task<(LoadResult A, LoadResult B, double[] RoundRatios)> InterleavedAsync(
        string nameA, Func<CancellationToken, Task> a, string nameB, Func<CancellationToken, Task> b,
        int clients, TimeSpan warmup, TimeSpan round, int rounds)
    {
        await WarmAsync(clients, warmup, a);
        await WarmAsync(clients, warmup, b);
        List<double> allA = [], allB = [];
        TimeSpan timeA = default, timeB = default;
        var ratios = new double[rounds];
        for (var i = 0; i < rounds; i++)
        {
            var (latenciesA, elapsedA) = await MeasureAsync(clients, round, a);
            var (latenciesB, elapsedB) = await MeasureAsync(clients, round, b);
            ratios[i] = latenciesB.Count / elapsedB.TotalSeconds / (latenciesA.Count / elapsedA.TotalSeconds);
            allA.AddRange(latenciesA);
            allB.AddRange(latenciesB);
            timeA += elapsedA;
            timeB += elapsedB;
        }

        return (Result(nameA, allA, timeA), Result(nameB, allB, timeB), ratios);
    }

    private static async Task WarmAsync(int clients, TimeSpan warmup, Func<CancellationToken, Task> operation)
    {
        using var warm = new CancellationTokenSource(warmup);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => LoopAsync(operation, null, warm.Token)));
    }

    private static async Task<(List<double> Latencies, TimeSpan Elapsed)> MeasureAsync(int clients, TimeSpan duration, Func<CancellationToken, Task> operation)
    {
        var latencies = new List<double>[clients];
        using var cts = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(i => LoopAsync(operation, latencies[i] = [], cts.Token)));
        clock.Stop();
        return (latencies.SelectMany(l => l).ToList(), clock.Elapsed);
    }

    private static LoadResult Result(string name, List<double> latencies, TimeSpan elapsed)
    {
        var all = latencies.Order().ToArray();
        return new LoadResult(name, all.Length / elapsed.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99), all.Length);
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
