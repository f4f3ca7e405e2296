using DqPlatform.Domain.Common;
using DqPlatform.Domain.Scheduling;

namespace DqPlatform.Domain.Tests.Scheduling;

public sealed class ScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 10, 0, 30, TimeSpan.Zero);

    [Fact]
    public void Define_CountsTheNextRunFromNow_InItsZone()
    {
        var schedule = Schedule.Define(Guid.NewGuid(), " 0 3 * * * ", "Europe/Berlin", enabled: true, T0);

        Assert.Equal("0 3 * * *", schedule.CronExpression);
        Assert.Equal(CronSchedule.Parse("0 3 * * *", "Europe/Berlin").NextAfter(T0), schedule.NextRunAt);
        schedule.Check = new DqPlatform.Domain.Checks.CheckDefinition { Name = "c", CheckType = "row_count", TargetTable = "t" };
        Assert.False(Schedule.DueAt(T0).Compile()(schedule));
        Assert.True(Schedule.DueAt(schedule.NextRunAt!.Value).Compile()(schedule));
        schedule.Check.Enabled = false;
        Assert.False(Schedule.DueAt(schedule.NextRunAt!.Value).Compile()(schedule));
    }

    [Fact]
    public void Schedule_WhenDisabled_IsNeverDue()
    {
        var schedule = Schedule.Define(Guid.NewGuid(), "* * * * *", null, enabled: false, T0);

        Assert.Equal("UTC", schedule.Timezone);
        schedule.Check = new DqPlatform.Domain.Checks.CheckDefinition { Name = "c", CheckType = "row_count", TargetTable = "t" };
        Assert.False(Schedule.DueAt(T0.AddDays(1)).Compile()(schedule));
    }

    [Fact]
    public void Update_WithABadZone_ChangesNothing()
    {
        var schedule = Schedule.Define(Guid.NewGuid(), "* * * * *", "UTC", enabled: true, T0);
        var next = schedule.NextRunAt;

        Assert.Equal("timezone", Assert.Throws<ValidationException>(() => schedule.Update("0 * * * *", "Mars/Olympus", true, T0.AddHours(1))).Field);
        Assert.Equal("* * * * *", schedule.CronExpression);
        Assert.Equal(next, schedule.NextRunAt);
    }
}
