using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Incidents;

/// <summary>
/// Silencing until a time. While an incident or the check whose run changed it is muted, results are stored and the
/// incident counts as ever, but no <c>IncidentChanged</c> event is logged or published (so neither subscriptions nor
/// webhooks nor any channel delivering from those events hear of it). Applied where the events are built:
/// <c>CheckRunner.EventsAsync</c> and <c>IncidentStore.SaveAsync</c>. A mute's end, by time or by unmute, publishes
/// nothing of itself: the next change publishes the incident as it then stands, counts included.
/// </summary>
public static class Mutes
{
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(90);

    public const int MaxReasonLength = 500;

    public static bool IsMuted(DateTimeOffset? mutedUntil, DateTimeOffset now) => mutedUntil > now;

    /// <summary>Muted by itself or by the check whose run (or, for a person's move, whose incident) changed it.</summary>
    public static bool IsMuted(Incident incident, CheckDefinition? check, DateTimeOffset now) =>
        IsMuted(incident.MutedUntil, now) || IsMuted(check?.MutedUntil, now);

    /// <summary>VALIDATION on <c>until</c> unless it is after <paramref name="now"/> and at most <see cref="MaxDuration"/> ahead.</summary>
    public static DateTimeOffset Until(DateTimeOffset until, DateTimeOffset now)
    {
        if (until <= now)
        {
            throw new ValidationException("'until' must be in the future.", "until");
        }

        if (until - now > MaxDuration)
        {
            throw new ValidationException($"'until' may be at most {MaxDuration.TotalDays:0} days ahead.", "until");
        }

        return until;
    }

    /// <summary>The reason, trimmed; null when empty; VALIDATION when longer than <see cref="MaxReasonLength"/>.</summary>
    public static string? Reason(string? reason)
    {
        reason = reason?.Trim();
        if (reason?.Length > MaxReasonLength)
        {
            throw new ValidationException($"'reason' may be at most {MaxReasonLength} characters.", "reason");
        }

        return string.IsNullOrEmpty(reason) ? null : reason;
    }
}
