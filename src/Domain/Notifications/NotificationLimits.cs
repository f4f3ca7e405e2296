using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Notifications;

/// <summary>
/// How much notification machinery one workspace may hold. Every incident change fans out to every channel its rules
/// match, so unbounded channels and rules would let a tenant turn the platform into a flood of outbound requests (and
/// every maintenance window is evaluated per change). Counted under the workspace row's lock by the stores.
/// </summary>
public static class NotificationLimits
{
    public const int MaxChannels = 50;
    public const int MaxRules = 100;
    public const int MaxMaintenanceWindows = 100;

    /// <summary>Entries per criterion of a rule (connections, tables, tags, check types).</summary>
    public const int MaxCriterionEntries = 50;

    public static void RequireRoom(string what, int existing, int limit)
    {
        if (existing >= limit)
        {
            throw new NotificationLimitExceededException($"A workspace may have at most {limit} {what}; delete one first.");
        }
    }
}

/// <summary>The workspace already holds as many channels, rules or windows as it may; nothing was created.</summary>
public sealed class NotificationLimitExceededException(string message) : DomainException("QUOTA_EXCEEDED", message);
