namespace DqPlatform.Api.Hosting;

/// <summary>
/// <c>Dqp:RateLimit</c>: sustained requests per second and burst size per API key (top level), per workspace (all its
/// keys together, <c>Workspace:</c>) and per organization (all its workspaces together, <c>Organization:</c>). A request
/// spends one permit of each, so minting more keys does not buy a bigger share.
/// </summary>
public sealed class RateLimitOptions
{
    public int PermitsPerSecond { get; set; } = 100;
    public int Burst { get; set; } = 200;

    /// <summary>All the keys of one workspace together: two keys' worth by default. PermitsPerSecond 0 turns it off.</summary>
    public RateLimitBudget Workspace { get; set; } = new() { PermitsPerSecond = 200, Burst = 400 };

    /// <summary>All the workspaces of one organization together. PermitsPerSecond 0 turns it off.</summary>
    public RateLimitBudget Organization { get; set; } = new() { PermitsPerSecond = 500, Burst = 1000 };

    /// <summary>How often the buckets refill (PermitsPerSecond × this many tokens at a time).</summary>
    public TimeSpan ReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>A token bucket's sustained requests per second and burst size.</summary>
public sealed class RateLimitBudget
{
    public int PermitsPerSecond { get; set; }
    public int Burst { get; set; }
}
