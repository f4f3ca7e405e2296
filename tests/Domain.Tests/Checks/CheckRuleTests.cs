using DqPlatform.Domain.Checks;

namespace DqPlatform.Domain.Tests.Checks;

public sealed class CheckRuleTests
{
    [Theory]
    [InlineData("""{"min": 10}""", 10, true)]
    [InlineData("""{"min": 10}""", 9.99, false)]
    [InlineData("""{"max": 5}""", 5, true)]
    [InlineData("""{"max": 5}""", 5.01, false)]
    [InlineData("""{"min": 1, "max": 3}""", 2, true)]
    public void Judge_WithBoundedRule_IncludesTheBounds(string config, double value, bool passes) =>
        Assert.Equal(passes, CheckCatalog.Get("row_count").Judge(config, new SensorReading((decimal)value)).Passed);

    [Fact]
    public void Judge_WithNothingMeasured_FailsBoundedRule() =>
        Assert.False(CheckCatalog.Get("max_value").Judge("""{"max": 1}""", new SensorReading(null)).Passed);

    [Fact]
    public void ColumnExists_PassesOnlyOnOne() =>
        Assert.Equal([true, false], new decimal?[] { 1, 0 }.Select(v => CheckCatalog.Get("column_exists").Judge("{}", new SensorReading(v)).Passed));

    [Fact]
    public void Anomaly_WithTooLittleHistory_PassesWhileItLearns()
    {
        Assert.True(CheckCatalog.Get("anomaly").Judge("""{"maxStdDevs": 2}""", new SensorReading(1_000_000), [100m, 101m]).Passed);
    }

    [Fact]
    public void Anomaly_WithValueFarOutsideItsHistory_FlagsIt()
    {
        decimal[] history = [100, 102, 98, 101, 99, 100, 103, 97];
        Assert.True(CheckCatalog.Get("anomaly").Judge("""{"maxStdDevs": 3}""", new SensorReading(104), history).Passed);
        var outcome = CheckCatalog.Get("anomaly").Judge("""{"maxStdDevs": 3}""", new SensorReading(150), history);
        Assert.False(outcome.Passed);
        Assert.Contains("standard deviations", outcome.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Anomaly_WithPercentLimitAndWindow_AppliesBoth()
    {
        // The window keeps only the 3 newest values (200s); against them 210 is a 5% change.
        decimal[] history = [200, 200, 200, 10, 10, 10];
        Assert.True(CheckCatalog.Get("anomaly").Judge("""{"maxPercent": 6, "window": 3}""", new SensorReading(210), history).Passed);
        Assert.False(CheckCatalog.Get("anomaly").Judge("""{"maxPercent": 4, "window": 3}""", new SensorReading(210), history).Passed);
    }

    [Fact]
    public void TextLength_WithTooShortText_FailsAndReportsIt()
    {
        var outcome = CheckCatalog.Get("text_length").Judge("""{"min": 3, "max": 10}""", new SensorReading(8, Lower: 1));
        Assert.False(outcome.Passed);
        Assert.Equal(1, outcome.SensorValue);
    }
}
