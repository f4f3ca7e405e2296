using System.Threading.RateLimiting;
using DqPlatform.Api.Auth;

namespace DqPlatform.Api.Hosting;

/// <summary>
/// The token buckets a request spends from, chained: its API key's (its client address's without a valid key), its
/// workspace's and its organization's. The key's comes first, so a key over its own budget does not drain its
/// workspace's; a refused request spends what it took before the budget that refused it.
/// </summary>
public sealed class RateLimitBudgets
{
    private readonly RateLimitOptions options;
    private readonly PartitionedRateLimiter<HttpContext> perKey;
    private readonly PartitionedRateLimiter<HttpContext>? perWorkspace;
    private readonly PartitionedRateLimiter<HttpContext>? perOrganization;

    public RateLimitBudgets(RateLimitOptions options)
    {
        this.options = options;
        perKey = PartitionedRateLimiter.Create<HttpContext, string>(http => IsProbe(http)
            ? RateLimitPartition.GetNoLimiter("probe")
            : RateLimitPartition.GetTokenBucketLimiter(KeyPartition(http), _ => Bucket(options.PermitsPerSecond, options.Burst)));
        perWorkspace = Budget(options.Workspace, caller => caller.WorkspaceId);
        perOrganization = Budget(options.Organization, caller => caller.OrganizationId);
        Limiter = PartitionedRateLimiter.CreateChained(new[] { perKey, perWorkspace, perOrganization }.OfType<PartitionedRateLimiter<HttpContext>>().ToArray());
    }

    /// <summary>The limiter every request passes (ASP.NET Core's global limiter).</summary>
    public PartitionedRateLimiter<HttpContext> Limiter { get; }

    /// <summary>The most permits one request can ever take at once: the smallest burst.</summary>
    public int LargestRequest => new[] { options.Burst, perWorkspace is null ? int.MaxValue : options.Workspace.Burst, perOrganization is null ? int.MaxValue : options.Organization.Burst }.Min();

    /// <summary>Seconds until the buckets refill, for Retry-After.</summary>
    public string RetryAfter => Math.Max(1, (int)Math.Ceiling(options.ReplenishmentPeriod.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Whose budget cannot give <paramref name="permits"/> now, for the client's message: the widest first, since the
    /// chain stops at the first budget that refuses and has already spent from the narrower ones before it.
    /// </summary>
    public string Exhausted(HttpContext http, int permits)
    {
        if (RequestAuthentication.CallerOf(http) is not null)
        {
            if (perOrganization?.GetStatistics(http) is { } organization && organization.CurrentAvailablePermits < permits)
            {
                return "organization (all its workspaces together)";
            }

            if (perWorkspace?.GetStatistics(http) is { } workspace && workspace.CurrentAvailablePermits < permits)
            {
                return "workspace (all its API keys together)";
            }
        }

        return "API key";
    }

    // Keyed by the id itself (one limiter per kind), so a request allocates no key string for these.
    private PartitionedRateLimiter<HttpContext>? Budget(RateLimitBudget budget, Func<Domain.Tenancy.Caller, Guid> partition) => budget.PermitsPerSecond <= 0
        ? null
        : PartitionedRateLimiter.Create<HttpContext, Guid>(http => !IsProbe(http) && RequestAuthentication.CallerOf(http) is { } caller
            ? RateLimitPartition.GetTokenBucketLimiter(partition(caller), _ => Bucket(budget.PermitsPerSecond, budget.Burst))
            : RateLimitPartition.GetNoLimiter(Guid.Empty));

    private TokenBucketRateLimiterOptions Bucket(int permitsPerSecond, int burst) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = Math.Max(1, (int)Math.Round(permitsPerSecond * options.ReplenishmentPeriod.TotalSeconds)),
        ReplenishmentPeriod = options.ReplenishmentPeriod,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static bool IsProbe(HttpContext http) => http.Request.Path.StartsWithSegments("/healthz") || http.Request.Path.StartsWithSegments("/readyz");

    // The principal a valid key acts for (the same budget whatever the header's spelling, and across rotation);
    // without one, the client's address, so guessing keys is limited too.
    private static string KeyPartition(HttpContext http) =>
        RequestAuthentication.CallerOf(http) is { } caller
            ? "principal:" + caller.PrincipalId.ToString("N")
            : "ip:" + http.Connection.RemoteIpAddress;
}
