using DqPlatform.Api.Auth;
using DqPlatform.Domain.Tenancy;
using DqPlatform.GraphQL.WebSockets;

namespace DqPlatform.Api.Live;

/// <summary>
/// The API key or signed-in user behind a socket: each operation's scope gets it as its <see cref="RequestCaller"/>,
/// and <see cref="LiveKeyWatch"/> tells the socket when the credential (or the user's membership) stops working.
/// </summary>
public sealed class LiveCaller(Caller caller, string credential, LiveKeyWatch keyWatch, LiveOptions options, Hosting.RateLimitBudgets budgets) : IWebSocketCaller
{
    // The same buckets as the caller's HTTP requests (key, workspace, organization): more sockets buy no bigger share.
    private readonly HttpContext standIn = RequestAuthentication.StandIn(caller);

    /// <summary>
    /// Sockets of one workspace, one principal and the same scopes see the same events rendered the same way. The
    /// principal is part of it because some fields read what only it may see (its private saved queries); a field that
    /// read anything else of the caller would have to join this.
    /// </summary>
    public object Audience { get; } = new LiveAudience(caller.WorkspaceId, string.Join(' ', caller.Scopes.Order(StringComparer.Ordinal)), caller.PrincipalId);

    /// <summary>
    /// The key's share and its workspace's: the workspace's bounds what more keys could buy, the key's keeps one
    /// runaway client from taking all of its workspace's.
    /// </summary>
    public IReadOnlyList<SocketPartition> Partitions { get; } =
    [
        new(KeyPartition(caller.ApiKeyId ?? caller.PrincipalId), "key", options.MaxSocketsPerKey, 0),
        new(WorkspacePartition(caller.WorkspaceId), "workspace", options.MaxSocketsPerWorkspace, options.MaxSubscriptionsPerWorkspace),
        new(OrganizationPartition(caller.OrganizationId), "organization", options.MaxSocketsPerOrganization, options.MaxSubscriptionsPerOrganization),
    ];

    /// <summary>The <see cref="SocketPartition.Id"/> of an API key's share (diagnostics and tests).</summary>
    public static string KeyPartition(Guid apiKeyId) => "key:" + apiKeyId.ToString("N");

    /// <summary>The <see cref="SocketPartition.Id"/> of an organization's share (diagnostics and tests).</summary>
    public static string OrganizationPartition(Guid organizationId) => "organization:" + organizationId.ToString("N");

    /// <summary>The <see cref="SocketPartition.Id"/> of a workspace's share (diagnostics and tests).</summary>
    public static string WorkspacePartition(Guid workspaceId) => "workspace:" + workspaceId.ToString("N");

    public string? SpendRequest()
    {
        using var lease = budgets.Limiter.AttemptAcquire(standIn);
        return lease.IsAcquired ? null : $"Too many requests for this {budgets.Exhausted(standIn, 1)}; slow down and retry.";
    }

    public void Enter(IServiceProvider operationServices) => operationServices.GetRequiredService<RequestCaller>().Current = caller;

    /// <summary>Closes the socket when its credential stops working, or now authenticates with other scopes or roles.</summary>
    public IDisposable Watch(Action revoked) => keyWatch.Watch(credential, LiveKeyWatch.Rights(caller), revoked);
}
