using DqPlatform.Domain.Checks;

namespace DqPlatform.Domain.Scheduling;

/// <summary>A cron schedule (with time zone) for one check.</summary>
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
}
