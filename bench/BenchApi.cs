using DqPlatform.TestSupport;

namespace DqPlatform.Bench;

/// <summary>Starts an API process for a benchmark: a fresh encryption key, and the per-key rate limit lifted.</summary>
public static class BenchApi
{
    /// <summary>
    /// <paramref name="settings"/> are environment variables for the API, applied over these defaults (a benchmark's own
    /// settings, then a caller's KEY=VALUE arguments).
    /// </summary>
    public static Task<ApiProcess> StartAsync(string postgres, string redis, IEnumerable<KeyValuePair<string, string>>? settings = null, string? dll = null)
    {
        // The per-key rate limit would measure itself, not the server.
        var all = new Dictionary<string, string> { ["Dqp__RateLimit__PermitsPerSecond"] = "1000000", ["Dqp__RateLimit__Burst"] = "1000000" };
        foreach (var (name, value) in settings ?? [])
        {
            all[name] = value;
        }

        return ApiProcess.StartAsync(postgres, redis, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), all, dll);
    }
}
