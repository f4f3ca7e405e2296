namespace DqPlatform.Domain.Notifications.Quiet;

/// <summary>What keeps a routed notification from being sent now, in the order it is asked.</summary>
public enum QuietVerdict
{
    /// <summary>Deliver it.</summary>
    Send,

    /// <summary>A maintenance window covering the incident is open: nothing is delivered, and the incident notes it.</summary>
    InMaintenance,

    /// <summary>The incident was notified less than the repeat interval ago and only its failures went on.</summary>
    Repeat,

    /// <summary>A warning, in a workspace that asked for warnings once a day: it waits for the digest.</summary>
    Digest,
}

/// <summary>
/// The quiet rules of notifications, between routing (which channels) and delivery (sending):
/// <list type="number">
/// <item>Maintenance windows win: while one covering the incident is open, nothing is delivered.</item>
/// <item>Repeat suppression: at most one message per incident per interval while failures continue. Only "more of the
/// same" is suppressed: an incident opening, being acknowledged, resolved, or growing worse always goes out.</item>
/// <item>The daily digest: a workspace may ask for warnings to arrive once a day instead of one by one; errors and
/// fatals never wait, and a resolution of an incident that was only ever a warning goes to the digest too.</item>
/// </list>
/// </summary>
public static class QuietRules
{
    public static readonly TimeSpan MaxRepeatInterval = TimeSpan.FromDays(1);

    /// <summary>The window open now that covers the incident, if any (the one closing last, so the note says when quiet ends).</summary>
    public static (MaintenanceWindow Window, DateTimeOffset Until)? OpenWindow(
        IEnumerable<MaintenanceWindow> windows, Guid connectionId, IReadOnlyCollection<string> tags, DateTimeOffset now)
    {
        (MaintenanceWindow Window, DateTimeOffset Until)? found = null;
        foreach (var window in windows)
        {
            if (window.Covers(connectionId, tags) && window.OpenUntil(now) is { } until && (found is null || until > found.Value.Until))
            {
                found = (window, until);
            }
        }

        return found;
    }

    /// <summary>Whether the incident's change is only "more failures, same severity" and was notified within the interval.</summary>
    public static bool IsRepeat(NotifiedChange change, DateTimeOffset? lastSentAt, TimeSpan? repeatInterval, DateTimeOffset now) =>
        change == NotifiedChange.MoreFailures && repeatInterval is { } interval && interval > TimeSpan.Zero
        && lastSentAt is { } last && now - last < interval;

    public static QuietVerdict Decide(
        bool maintenanceOpen, NotifiedChange change, bool onlyWarning, bool digestWarnings, DateTimeOffset? lastSentAt, TimeSpan? repeatInterval, DateTimeOffset now) =>
        maintenanceOpen ? QuietVerdict.InMaintenance
        : IsRepeat(change, lastSentAt, repeatInterval, now) ? QuietVerdict.Repeat
        : digestWarnings && onlyWarning ? QuietVerdict.Digest
        : QuietVerdict.Send;
}

/// <summary>What happened to the incident, as far as quiet rules care.</summary>
public enum NotifiedChange
{
    Opened,
    MoreFailures,
    Worse,
    Acknowledged,
    Resolved,
}
