using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Tests.Checks;

public sealed class ResultSeriesWindowTests
{
    // A Thursday, so a week bucket visibly starts on the Monday before.
    private static readonly DateTimeOffset T0 = new(2030, 1, 3, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Buckets_LieOnTheUtcGrid_TheFirstOneStartingBeforeAnUnalignedSince()
    {
        var window = ResultSeriesWindow.Of(T0.AddMinutes(90), T0.AddHours(4).AddMinutes(1), ResultSeriesBucket.Hour);

        Assert.Equal(T0.AddHours(1), window.FirstStart);
        Assert.Equal(4, window.Count); // 01:00, 02:00, 03:00, 04:00: the last holds one minute of the window
        Assert.Equal([T0.AddHours(1), T0.AddHours(2), T0.AddHours(3), T0.AddHours(4)], window.Fill([]).Select(b => b.Start));
    }

    [Fact]
    public void TimesWithAnOffset_AreBucketedByTheirUtcInstant()
    {
        var since = new DateTimeOffset(2030, 1, 3, 5, 45, 0, TimeSpan.FromHours(5.75)); // 00:00 UTC

        var window = ResultSeriesWindow.Of(since, since.AddDays(2), ResultSeriesBucket.Day);

        Assert.Equal(T0, window.FirstStart);
        Assert.Equal(TimeSpan.Zero, window.FirstStart.Offset);
        Assert.Equal(2, window.Count);
    }

    [Fact]
    public void WeekBuckets_StartOnMondayAtMidnightUtc()
    {
        var window = ResultSeriesWindow.Of(T0, T0.AddDays(1), ResultSeriesBucket.Week);

        Assert.Equal(DayOfWeek.Monday, window.FirstStart.DayOfWeek);
        Assert.Equal(T0.AddDays(-3), window.FirstStart);
        Assert.Equal(1, window.Count);
    }

    [Theory]
    [InlineData(1, ResultSeriesBucket.Minute)] // 1,440 minutes: exactly the limit
    [InlineData(2, ResultSeriesBucket.FiveMinutes)]
    [InlineData(7, ResultSeriesBucket.FifteenMinutes)]
    [InlineData(30, ResultSeriesBucket.Hour)]
    [InlineData(300, ResultSeriesBucket.SixHours)]
    [InlineData(3 * 365, ResultSeriesBucket.Day)]
    [InlineData(20 * 365, ResultSeriesBucket.Week)]
    public void WithoutABucket_TheFinestWithinTheLimitIsChosen(int days, ResultSeriesBucket expected)
    {
        var window = ResultSeriesWindow.Of(T0, T0.AddDays(days), null);

        Assert.Equal(expected, window.Bucket);
        Assert.InRange(window.Count, 1, ResultSeriesWindow.MaxBuckets);
    }

    [Fact]
    public void TooManyBuckets_IsRefused_NamingTheBucket()
    {
        var refused = Assert.Throws<ValidationException>(() => ResultSeriesWindow.Of(T0, T0.AddDays(1).AddMinutes(1), ResultSeriesBucket.Minute));

        Assert.Equal("bucket", refused.Field);
        Assert.Contains("1441 buckets of 1 minute", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    public void AnEmptyOrReversedWindow_IsRefused(int minutes)
    {
        var refused = Assert.Throws<ValidationException>(() => ResultSeriesWindow.Of(T0, T0.AddMinutes(minutes), ResultSeriesBucket.Hour));

        Assert.Equal("until", refused.Field);
    }

    [Fact]
    public void AWindowBeforeTheGridsOrigin_IsRefused()
    {
        var refused = Assert.Throws<ValidationException>(() => ResultSeriesWindow.Of(DateTimeOffset.MinValue, T0, ResultSeriesBucket.Week));

        Assert.Equal("since", refused.Field);
    }

    [Fact]
    public void Fill_KeepsStoredBuckets_AndAnswersEveryOtherWithAnEmptyOne()
    {
        var window = ResultSeriesWindow.Of(T0, T0.AddMinutes(15), ResultSeriesBucket.FiveMinutes);
        var stored = new ResultBucket(T0.AddMinutes(5), T0.AddMinutes(10), 3, 2, 1m, 2m, 3m);

        var buckets = window.Fill([stored]);

        Assert.Equal([ResultBucket.Empty(T0, T0.AddMinutes(5)), stored, ResultBucket.Empty(T0.AddMinutes(10), T0.AddMinutes(15))], buckets);
        Assert.Equal(1, buckets[1].Failed);
    }

    [Fact]
    public void Fill_RefusesABucketOffTheGrid_RatherThanDropItsRuns()
    {
        var window = ResultSeriesWindow.Of(T0, T0.AddHours(2), ResultSeriesBucket.Hour);

        Assert.Throws<InvalidOperationException>(() => window.Fill([new ResultBucket(T0.AddMinutes(30), T0.AddMinutes(90), 1, 1, null, null, null)]));
    }
}
