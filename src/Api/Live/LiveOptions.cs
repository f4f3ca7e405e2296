namespace DqPlatform.Api.Live;

/// <summary>
/// Settings under <c>Dqp:Live</c> that are the product's: how often socket keys are checked, and each key's and
/// workspace's share of a node's sockets and subscriptions (<see cref="LiveCaller.Partitions"/>). The sockets' own
/// settings (init timeout, message size and rate, queue, operations per socket) are read from the same section into
/// the sessions' options. Shares are per node: behind a balancer, a workspace may hold this much on each node.
/// </summary>
public sealed class LiveOptions
{
    public TimeSpan KeyCheckInterval { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Sockets one API key may hold open on a node; 0 for no limit.</summary>
    public int MaxSocketsPerKey { get; set; } = 500;

    /// <summary>Sockets all of a workspace's keys together may hold open on a node; 0 for no limit.</summary>
    public int MaxSocketsPerWorkspace { get; set; } = 1000;

    /// <summary>Operations (subscriptions) across all of a workspace's sockets on a node; 0 for no limit.</summary>
    public int MaxSubscriptionsPerWorkspace { get; set; } = 5000;

    /// <summary>
    /// Sockets all of an organization's workspaces together may hold open on a node (an organization admin creates
    /// workspaces, so the workspace's share alone could be multiplied); 0 for no limit.
    /// </summary>
    public int MaxSocketsPerOrganization { get; set; } = 2000;

    /// <summary>Operations (subscriptions) across all of an organization's sockets on a node; 0 for no limit.</summary>
    public int MaxSubscriptionsPerOrganization { get; set; } = 10000;
}
