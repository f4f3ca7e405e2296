using GraphQL;

namespace DqPlatform.GraphQL.WebSockets;

/// <summary>
/// Subscriptions share one stream per <see cref="GroupKey"/> (see <see cref="SubscriptionGroups"/>). A stream that
/// starts with something only its subscriber is owed, such as a replay of what it missed, must not be shared: a later
/// subscriber with the same request would join after the replay and never get it.
/// </summary>
public static class SubscriptionSharing
{
    private const string OwnStream = "DqPlatform.GraphQL.WebSockets.OwnStream";

    /// <summary>Keeps this subscription's stream out of every group: its subscriber gets it alone.</summary>
    public static void KeepStreamOwn(this IResolveFieldContext context) => context.UserContext[OwnStream] = true;

    internal static bool IsOwn(IDictionary<string, object?> userContext) => userContext.ContainsKey(OwnStream);
}
