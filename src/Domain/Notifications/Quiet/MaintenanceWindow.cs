using DqPlatform.Domain.Common;
using DqPlatform.Domain.Scheduling;

namespace DqPlatform.Domain.Notifications.Quiet;

/// <summary>
/// A time during which nothing is delivered for what it covers: a whole workspace, one connection, or the checks
/// carrying one tag. Either recurring (a cron expression in a time zone, each fire opening the window for
/// <see cref="Duration"/>: "Sundays 02:00 Europe/Berlin for 3 hours") or one-off (<see cref="StartsAt"/> to
/// <see cref="EndsAt"/>). Windows are half-open: a window that starts at 02:00 for an hour covers 02:00 and not 03:00.
/// </summary>
public sealed class MaintenanceWindow
{
    public const int MaxNameLength = 200;
    public const int MaxTagLength = 100;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(7);
    public static readonly TimeSpan MaxOneOffLength = TimeSpan.FromDays(90);

    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public string Name { get; set; } = "";

    /// <summary>Covers only this connection's incidents; null with no <see cref="Tag"/> covers the whole workspace.</summary>
    public Guid? ConnectionId { get; set; }

    /// <summary>Covers only incidents of checks carrying this tag.</summary>
    public string? Tag { get; set; }

    public string? CronExpression { get; set; }
    public string? Timezone { get; set; }
    public TimeSpan? Duration { get; set; }
    public DateTimeOffset? StartsAt { get; set; }
    public DateTimeOffset? EndsAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public bool IsRecurring => CronExpression is not null;

    /// <summary>A recurring window; VALIDATION naming the field for a bad expression, zone, duration, name or scope.</summary>
    public static MaintenanceWindow Recurring(Guid workspaceId, string name, Guid? connectionId, string? tag, string cron, string? timezone, TimeSpan duration, DateTimeOffset now)
    {
        if (duration <= TimeSpan.Zero || duration > MaxDuration)
        {
            throw new ValidationException($"'durationMinutes' must be more than zero and at most {MaxDuration.TotalDays:0} days.", "durationMinutes");
        }

        timezone ??= "UTC";
        // A window may not overlap its own next fire: "open" is then one fire plus its duration, computed in one step
        // for every incident change, however fine-grained the expression (a per-second cron with a week's duration
        // would otherwise be hundreds of thousands of steps per evaluation).
        var gap = CronSchedule.Parse(cron, timezone).ShortestGap();
        if (gap is { } shortest && (shortest < TimeSpan.FromMinutes(1) || duration > shortest))
        {
            throw new ValidationException(
                $"'durationMinutes' must not exceed the time between two fires of the expression ({shortest.TotalMinutes:0.##} min), and fires must be at least a minute apart.", "durationMinutes");
        }
        return new MaintenanceWindow
        {
            WorkspaceId = workspaceId, Name = ValidName(name), ConnectionId = connectionId, Tag = ValidTag(tag),
            CronExpression = cron.Trim(), Timezone = timezone, Duration = duration, CreatedAt = now,
        };
    }

    /// <summary>A one-off window from <paramref name="startsAt"/> to <paramref name="endsAt"/>; it may not end in the past.</summary>
    public static MaintenanceWindow OneOff(Guid workspaceId, string name, Guid? connectionId, string? tag, DateTimeOffset startsAt, DateTimeOffset endsAt, DateTimeOffset now)
    {
        if (endsAt <= startsAt)
        {
            throw new ValidationException("'endsAt' must be after 'startsAt'.", "endsAt");
        }

        if (endsAt <= now)
        {
            throw new ValidationException("'endsAt' is in the past: the window would never apply.", "endsAt");
        }

        if (endsAt - startsAt > MaxOneOffLength)
        {
            throw new ValidationException($"A one-off window may last at most {MaxOneOffLength.TotalDays:0} days.", "endsAt");
        }

        return new MaintenanceWindow
        {
            WorkspaceId = workspaceId, Name = ValidName(name), ConnectionId = connectionId, Tag = ValidTag(tag),
            StartsAt = startsAt.ToUniversalTime(), EndsAt = endsAt.ToUniversalTime(), CreatedAt = now,
        };
    }

    /// <summary>
    /// When the window that is open at <paramref name="now"/> closes; null when it is not open. For a recurring window:
    /// open when some fire lies in (now − duration, now], found as the first fire strictly after now − duration (fires
    /// never overlap: <see cref="Recurring"/> refuses a duration longer than the gap between two fires).
    /// </summary>
    public DateTimeOffset? OpenUntil(DateTimeOffset now)
    {
        if (!IsRecurring)
        {
            return StartsAt <= now && now < EndsAt ? EndsAt : null;
        }

        var fire = CronSchedule.Parse(CronExpression!, Timezone ?? "UTC").NextAfter(now - Duration!.Value);
        return fire is { } opened && opened <= now ? opened + Duration.Value : null;
    }

    /// <summary>Whether the window covers an incident on <paramref name="connectionId"/> of a check tagged <paramref name="tags"/>.</summary>
    public bool Covers(Guid connectionId, IReadOnlyCollection<string> tags) =>
        (ConnectionId is null || ConnectionId == connectionId) && (Tag is null || tags.Contains(Tag, StringComparer.OrdinalIgnoreCase));

    private static string ValidName(string name)
    {
        name = name.Trim();
        return name.Length is 0 or > MaxNameLength
            ? throw new ValidationException($"'name' must be 1 to {MaxNameLength} characters.", "name")
            : name;
    }

    private static string? ValidTag(string? tag)
    {
        tag = tag?.Trim();
        return tag?.Length > MaxTagLength ? throw new ValidationException($"'tag' may be at most {MaxTagLength} characters.", "tag")
            : string.IsNullOrEmpty(tag) ? null : tag;
    }
}
