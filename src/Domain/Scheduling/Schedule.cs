using DqPlatform.Domain.Checks;

namespace DqPlatform.Domain.Scheduling;

/// <summary>
/// A cron schedule (with time zone) for one check. It is due when it and its check are enabled and its next run time
/// has come (<see cref="IsDue"/>); firing moves it to the next occurrence counted from the moment it fired, so a
/// server that was down fires a missed schedule once, not once per missed tick. <c>ScheduleStore</c> fires due
/// schedules in batches with <c>SKIP LOCKED</c>, so any number of servers fire each exactly once.
/// </summary>
public class Schedule
{
    public Guid Id { get; set; }
    public Guid CheckId { get; set; }
    public required string CronExpression { get; set; }
    public string Timezone { get; set; } = "UTC";
    public bool Enabled { get; set; } = true;
    public DateTimeOffset? LastRunAt { get; set; }
    public DateTimeOffset? NextRunAt { get; set; }
    public Guid? LastRunJobId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public CheckDefinition? Check { get; set; }

    /// <summary>A new schedule, its next run counted from now; its created and updated times are the database's.</summary>
    public static Schedule Define(Guid checkId, string cron, string? timezone, bool enabled, DateTimeOffset now)
    {
        var schedule = new Schedule { CheckId = checkId, CronExpression = "" };
        schedule.Apply(cron, timezone, enabled, now);
        return schedule;
    }

    /// <summary>Validates the expression and zone (VALIDATION naming the field) and counts the next run from now.</summary>
    public void Update(string cron, string? timezone, bool enabled, DateTimeOffset now)
    {
        Apply(cron, timezone, enabled, now);
        UpdatedAt = now;
    }

    private void Apply(string cron, string? timezone, bool enabled, DateTimeOffset now)
    {
        cron = cron.Trim();
        timezone ??= "UTC";
        var next = CronSchedule.Parse(cron, timezone).NextAfter(now);
        CronExpression = cron;
        Timezone = timezone;
        Enabled = enabled;
        NextRunAt = next;
    }

    /// <summary>The shortest gap between two of its fires (what the interval quota bounds: <c>WorkspaceQuota.RequireInterval</c>).</summary>
    public TimeSpan? ShortestGap() => CronSchedule.Parse(CronExpression, Timezone).ShortestGap();

    /// <summary>Makes the schedule due at once (the demo's checks run on the first tick).</summary>
    public void DueNow(DateTimeOffset now) => NextRunAt = now;

    /// <summary>Due: the schedule and its check are enabled and the next run time has come. Queries use it as it is.</summary>
    public static System.Linq.Expressions.Expression<Func<Schedule, bool>> DueAt(DateTimeOffset now) =>
        s => s.Enabled && s.Check!.Enabled && s.NextRunAt <= now;


    /// <summary>The next run after firing at <paramref name="now"/>; throws VALIDATION for an expression or zone this server cannot use.</summary>
    public static DateTimeOffset? NextAfterFiring(string cron, string timezone, DateTimeOffset now) => CronSchedule.Parse(cron, timezone).NextAfter(now);
}
