using DqPlatform.GraphQL.WebSockets;

namespace DqPlatform.Api.Live;

/// <summary>The product's view of the subscription groups.</summary>
public static class SubscriptionGroupCounts
{
    /// <summary>The groups of one workspace (diagnostics and tests).</summary>
    public static int CountIn(this SubscriptionGroups groups, Guid workspaceId) =>
        groups.Count(key => key.Audience is LiveAudience audience && audience.WorkspaceId == workspaceId);
}
