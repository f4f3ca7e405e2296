using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Checks.Anomalies;
using DqPlatform.Domain.Checks.Types;
using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Tests.Checks;

/// <summary>Issue 31 item 2's planted data: eight weeks of a daily volume whose weekends are 10% of weekdays.</summary>
public sealed class AnomalySeasonalityTests
{
    // A Monday; the runs are daily at 06:00 UTC.
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 6, 0, 0, TimeSpan.Zero);

    private const int DroppedTuesday = 36; // week 6

    private static readonly AnomalyCheck Anomaly = (AnomalyCheck)CheckCatalog.Get("anomaly");

    [Fact]
    public void PlainRule_AlarmsOnEveryWeekend_DayOfWeekRuleOnNone_BothCatchTheTuesdayDrop()
    {
        var volume = PlantedVolume();
        var weekendDays = Enumerable.Range(0, volume.Length).Where(d => d % 7 >= 5).ToArray();

        var plain = Alarms("""{"sensitivity": 3}""", volume);
        var seasonal = Alarms("""{"sensitivity": 3, "seasonality": "dayOfWeek"}""", volume);

        Assert.Equal(16, weekendDays.Length);
        Assert.Equal([.. weekendDays.Append(DroppedTuesday).Order()], plain);
        Assert.Equal([DroppedTuesday], seasonal);
    }

    [Fact]
    public void MeanAndStdDevOverMixedWeeks_MissesTheTuesdayDrop()
    {
        // Why 'sensitivity' trims before it takes σ: the weekly pattern inflates a plain σ (maxStdDevs) beyond use.
        var volume = PlantedVolume();
        Assert.DoesNotContain(DroppedTuesday, Alarms("""{"maxStdDevs": 3}""", volume));
    }

    [Fact]
    public void EveryJudgedReading_CarriesTheBandItWasExpectedIn()
    {
        var volume = PlantedVolume();
        for (var day = 21; day < volume.Length; day++)
        {
            var outcome = JudgeDay("""{"sensitivity": 3, "seasonality": "dayOfWeek"}""", volume, day);
            Assert.NotNull(outcome.ExpectedLower);
            Assert.NotNull(outcome.ExpectedUpper);
            Assert.Equal(outcome.Passed, outcome.ExpectedLower <= volume[day] && volume[day] <= outcome.ExpectedUpper);
        }

        var tooLittle = JudgeDay("""{"sensitivity": 3, "seasonality": "dayOfWeek"}""", volume, 8);
        Assert.True(tooLittle.Passed);
        Assert.Null(tooLittle.ExpectedLower);
    }

    [Fact]
    public void LegacyRules_StoreTheirBandToo()
    {
        decimal[] history = [100, 102, 98, 101, 99, 100, 103, 97];
        var outcome = Anomaly.Judge("""{"maxPercent": 10}""", new SensorReading(104), history);
        Assert.True(outcome.Passed);
        Assert.Equal(90m, outcome.ExpectedLower);
        Assert.Equal(110m, outcome.ExpectedUpper);
    }

    [Fact]
    public void Seasons_AreTakenOnTheConfiguredZonesWallClock()
    {
        // 14:00 in Berlin both times: 12:00 UTC in summer (CEST), 13:00 UTC in winter (CET).
        var at = new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);
        HistoryPoint[] history =
        [
            new(new DateTimeOffset(2026, 6, 30, 12, 0, 0, TimeSpan.Zero), 1),
            new(new DateTimeOffset(2026, 1, 15, 13, 0, 0, TimeSpan.Zero), 2),
            new(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero), 3),
        ];

        Assert.Equal([1, 2], Select("""{"sensitivity": 3, "seasonality": "hourOfDay", "trainingDays": 365, "timeZone": "Europe/Berlin"}""", at, history));
        Assert.Equal([1, 3], Select("""{"sensitivity": 3, "seasonality": "hourOfDay", "trainingDays": 365}""", at, history));
    }

    [Fact]
    public void TrainingDaysAndWindow_BoundTheTrainingSet()
    {
        var at = Start.AddDays(30);
        HistoryPoint[] history = [.. Enumerable.Range(1, 30).Select(d => new HistoryPoint(at.AddDays(-d), d))];
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], Select("""{"sensitivity": 3, "trainingDays": 7}""", at, history));
        Assert.Equal([1, 2, 3], Select("""{"sensitivity": 3, "trainingDays": 7, "window": 3}""", at, history));
        Assert.Equal([7, 14, 21, 28], Select("""{"sensitivity": 3, "seasonality": "dayOfWeek"}""", at, history));
        Assert.Equal(14, Select("""{"maxStdDevs": 3}""", at, history).Length);
    }

    [Theory]
    [InlineData("""{"sensitivity": 3, "seasonality": "weekly"}""", "config.seasonality")]
    [InlineData("""{"sensitivity": 3, "timeZone": "Mars/Olympus"}""", "config.timeZone")]
    [InlineData("""{"sensitivity": 0}""", "config.sensitivity")]
    [InlineData("""{"sensitivity": 3, "trainingDays": 0}""", "config.trainingDays")]
    [InlineData("""{"seasonality": "dayOfWeek"}""", "config.maxStdDevs")]
    public void Validate_WithBadAnomalyConfig_NamesTheField(string config, string field) =>
        Assert.Equal(field, Assert.Throws<ValidationException>(() => Anomaly.Validate(config)).Field);

    private static decimal[] PlantedVolume()
    {
        // Deterministic noise of ±2% (System.Random with a seed is the same sequence on every machine).
        var random = new Random(31);
        var volume = new decimal[56];
        for (var day = 0; day < volume.Length; day++)
        {
            var level = day % 7 >= 5 ? 100 : 1000;
            volume[day] = Math.Round(level * (decimal)(1 + (random.NextDouble() * 2 - 1) * 0.02));
        }

        volume[DroppedTuesday] = Math.Round(volume[DroppedTuesday] / 2);
        return volume;
    }

    private static int[] Alarms(string config, decimal[] volume) =>
        [.. Enumerable.Range(0, volume.Length).Where(day => !JudgeDay(config, volume, day).Passed)];

    private static RuleOutcome JudgeDay(string config, decimal[] volume, int day)
    {
        HistoryPoint[] history = [.. Enumerable.Range(0, day).Reverse().Select(d => new HistoryPoint(Start.AddDays(d), volume[d]))];
        return Anomaly.Judge(CheckConfig.Parse(config), new SensorReading(volume[day]), Start.AddDays(day), history);
    }

    private static double[] Select(string config, DateTimeOffset at, HistoryPoint[] history) =>
        AnomalyTraining.Select(AnomalySettings.From(CheckConfig.Parse(config)), at, history);
}
