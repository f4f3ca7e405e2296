using DqPlatform.TestSupport;

namespace DqPlatform.Bench;

/// <summary>Starts an API process for a benchmark: a fresh encryption key, and the rate limits (per key, workspace, organization) lifted.</summary>
public static class BenchApi
{
    /// <summary>
    /// <paramref name="settings"/> are environment variables for the API, applied over these defaults (a benchmark's own
    /// settings, then a caller's KEY=VALUE arguments).
    /// </summary>
    public static Task<ApiProcess> StartAsync(string postgres, string redis, IEnumerable<KeyValuePair<string, string>>? settings = null, string? dll = null)
    {
        // The rate limits would measure themselves, not the server (0 permits turns the workspace's and organization's off).
        var all = new Dictionary<string, string>
        {
            ["Dqp__RateLimit__PermitsPerSecond"] = "1000000",
            ["Dqp__RateLimit__Burst"] = "1000000",
            ["Dqp__RateLimit__Workspace__PermitsPerSecond"] = "0",
            ["Dqp__RateLimit__Organization__PermitsPerSecond"] = "0",
        };
        foreach (var (name, value) in settings ?? [])
        {
            all[name] = value;
        }

        return ApiProcess.StartAsync(postgres, redis, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), all, dll);
    }
}
