using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DqPlatform.TestSupport;

namespace DqPlatform.Bench;

/// <summary>
/// Issue 29's fairness figure: a quiet workspace's <c>{ workspace { name } }</c> from one client, idle and while a flooding
/// workspace sends a dashboard query from 64 concurrent clients, and the ratio (target ≤ 2× at p50 and p99).
/// </summary>
public static class FairnessBench
{
    private const int FloodClients = 64;
    private const string QuietQuery = "{ workspace { name } }";

    public static async Task RunAsync(ApiProcess api, string label, string floodKey, string quietKey, string floodQuery, TimeSpan duration)
    {
        using var flood = Client(api, floodKey, FloodClients);
        using var quiet = Client(api, quietKey, 1);

        // Both queries warm (tiered JIT) before anything is measured.
        await FloodAsync(flood, floodQuery, TimeSpan.FromSeconds(5));
        await QuietAsync(quiet, TimeSpan.FromSeconds(3));

        var idle = await QuietAsync(quiet, duration);
        var flooding = FloodAsync(flood, floodQuery, duration + TimeSpan.FromSeconds(4));
        await Task.Delay(TimeSpan.FromSeconds(2)); // the flood's line builds up first
        var loaded = await QuietAsync(quiet, duration);
        var (served, limited, busy, elapsed) = await flooding;

        Console.WriteLine($"{label}");
        Console.WriteLine($"  quiet workspace idle         p50 {idle.P50Ms,7:F2} ms   p99 {idle.P99Ms,7:F2} ms   ({idle.Requests} requests)");
        Console.WriteLine($"  quiet workspace under flood  p50 {loaded.P50Ms,7:F2} ms   p99 {loaded.P99Ms,7:F2} ms   ({loaded.Requests} requests)");
        Console.WriteLine($"  ratio under flood / idle     p50 {loaded.P50Ms / idle.P50Ms,7:F2}×     p99 {loaded.P99Ms / idle.P99Ms,7:F2}×   (target <= 2)");
        Console.WriteLine($"  flooding workspace: {served / elapsed.TotalSeconds:F1} served/s, {limited} RATE_LIMITED, {busy} SERVER_BUSY over {elapsed.TotalSeconds:F0} s from {FloodClients} clients");
    }

    private static HttpClient Client(ApiProcess api, string key, int connections)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = new Uri(api.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    // One client, a request every 10 ms or so (under its key's 100/s when the rate limits are in force): what a person
    // at a dashboard waits.
    private static async Task<LoadResult> QuietAsync(HttpClient http, TimeSpan duration)
    {
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var start = Stopwatch.GetTimestamp();
            var (status, body) = await PostAsync(http, QuietQuery);
            if (status != HttpStatusCode.OK || body.Contains("\"errors\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"the quiet workspace was refused: {(int)status} {body}");
            }

            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            await Task.Delay(10);
        }

        var sorted = latencies.Order().ToArray();
        return new LoadResult("quiet", sorted.Length / clock.Elapsed.TotalSeconds, sorted[sorted.Length / 2], sorted[Math.Min(sorted.Length - 1, (int)(0.99 * sorted.Length))], sorted.Length);
    }

    // Each client sends its next query as soon as the last is answered, refused or not (a flood does not back off).
    private static async Task<(int Served, int Limited, int Busy, TimeSpan Elapsed)> FloodAsync(HttpClient http, string query, TimeSpan duration)
    {
        int served = 0, limited = 0, busy = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, FloodClients).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                var (status, body) = await PostAsync(http, query);
                switch (status)
                {
                    case HttpStatusCode.OK when !body.Contains("\"errors\"", StringComparison.Ordinal):
                        Interlocked.Increment(ref served);
                        break;
                    case HttpStatusCode.TooManyRequests:
                        Interlocked.Increment(ref limited);
                        break;
                    case HttpStatusCode.ServiceUnavailable:
                        Interlocked.Increment(ref busy);
                        break;
                    default:
                        throw new InvalidOperationException($"the flood was answered {(int)status} {body}");
                }
            }
        }));
        return (served, limited, busy, clock.Elapsed);
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient http, string query)
    {
        using var content = new StringContent(System.Text.Json.JsonSerializer.Serialize(new { query }), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/graphql", UriKind.Relative), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
