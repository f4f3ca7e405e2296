using DqPlatform.Domain.Scheduling;

namespace DqPlatform.Domain.Tests.Scheduling;

public sealed class CronGapsTests
{
    [Theory]
    [InlineData("* * * * *", 60)]
    [InlineData("*/1 * * * *", 60)]
    [InlineData("*/5 * * * *", 300)]
    [InlineData("0,1 * * * *", 60)]                  // 00 and 01 of every hour: one minute apart, though hourly "on average"
    [InlineData("0,30 9 * * *", 1_800)]
    [InlineData("0 * * * *", 3_600)]
    [InlineData("59 23 * * *", 86_400)]
    [InlineData("0,59 0,23 * * *", 60)]              // 23:59 and the next day's 00:00: the gap across midnight
    [InlineData("0 9 * * 1-5", 86_400)]              // weekdays: Monday to Tuesday is the shortest
    [InlineData("0 0 1 1 *", 365 * 86_400)]          // yearly: the shortest year (no 29 February in between)
    [InlineData("*/10 * * * * *", 10)]               // six fields: seconds first
    public void ShortestGap_IsTheLeastTimeBetweenTwoFires(string cron, long seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), CronSchedule.Parse(cron, "UTC").ShortestGap());

    [Fact]
    public void ShortestGap_IsTheExpressionsOwnWhateverTheZone() =>
        Assert.Equal(CronSchedule.Parse("*/15 * * * *", "UTC").ShortestGap(), CronSchedule.Parse("*/15 * * * *", "Europe/Berlin").ShortestGap());

    [Fact]
    public void ShortestGap_OfAnExpressionThatNeverFires_IsNull() =>
        Assert.Null(CronSchedule.Parse("0 0 30 2 *", "UTC").ShortestGap());
}
