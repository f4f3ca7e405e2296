using DqPlatform.Domain.Common;
using DqPlatform.Domain.Scheduling;

namespace DqPlatform.Domain.Tests.Scheduling;

public sealed class CronScheduleTests
{
    [Fact]
    public void NextAfter_AcrossSpringDaylightSavingChange_KeepsLocalTime()
    {
        var daily = CronSchedule.Parse("30 8 * * *", "Europe/Berlin");
        // 2026-03-29: clocks go from 02:00 to 03:00 (CET → CEST); 08:30 local moves from 07:30 to 06:30 UTC.
        Assert.Equal(new DateTimeOffset(2026, 3, 28, 7, 30, 0, TimeSpan.Zero), daily.NextAfter(new DateTimeOffset(2026, 3, 28, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 6, 30, 0, TimeSpan.Zero), daily.NextAfter(new DateTimeOffset(2026, 3, 28, 8, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void NextAfter_ForSkippedOrRepeatedLocalHour_FiresOnce()
    {
        var at0230 = CronSchedule.Parse("30 2 * * *", "Europe/Berlin");
        // 02:30 does not exist on 2026-03-29: Cronos fires at the moment the clock jumps (01:00 UTC).
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), at0230.NextAfter(new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero)));
        // 02:30 happens twice on 2026-10-25; it fires at the first and the next run is a day later.
        var first = at0230.NextAfter(new DateTimeOffset(2026, 10, 24, 12, 0, 0, TimeSpan.Zero))!.Value;
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), first);
        Assert.Equal(new DateTimeOffset(2026, 10, 26, 1, 30, 0, TimeSpan.Zero), at0230.NextAfter(first));
    }

    [Theory]
    [InlineData("not cron", "UTC", "cronExpression")]
    [InlineData("* * * * *", "Mars/Olympus", "timezone")]
    [InlineData("", "UTC", "cronExpression")]
    public void Parse_WithBadInput_NamesItsField(string cron, string zone, string field) =>
        Assert.Equal(field, Assert.Throws<ValidationException>(() => CronSchedule.Parse(cron, zone)).Field);
}
