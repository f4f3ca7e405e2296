using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Events;

/// <summary>
/// What a live client may rely on. Every event of a workspace takes the next position of that workspace's log in the
/// transaction that commits the change it reports, so a change that rolled back has no event and one that committed
/// has exactly one; positions commit in order, so a client that has seen position n has seen every position before
/// it. A client that reconnects with the last position it saw is sent what it missed, then the rest live. The log
/// keeps events for <see cref="DefaultRetention"/> (configurable); a position older than that can no longer be resumed.
/// </summary>
public static class EventLogRules
{
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromHours(24);

    /// <summary>Refuses a resume from before what the log still holds, or from a position it never gave.</summary>
    public static void RequireResumable(long after, long purgedThrough, long head)
    {
        if (after < 0 || after > head)
        {
            throw new ValidationException("This event cursor was not issued for this workspace.", "after");
        }

        if (after < purgedThrough)
        {
            throw new EventCursorExpiredException();
        }
    }
}

/// <summary>The events after this cursor are no longer kept: re-read the state, then subscribe without a cursor.</summary>
public sealed class EventCursorExpiredException() : DomainException(
    "EVENT_CURSOR_EXPIRED",
    "Events after this cursor are no longer kept. Re-read the current state, then subscribe without 'after' (or with a newer cursor).");
