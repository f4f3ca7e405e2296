using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Checks.Samples;
using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Tests.Checks;

public sealed class SampleSettingsTests
{
    [Theory]
    [InlineData("""{"max": 0, "samples": {"limit": 101}}""", "config.samples.limit")]
    [InlineData("""{"max": 0, "samples": {"keyColumns": ["id; DROP"]}}""", "config.samples.keyColumns")]
    [InlineData("""{"max": 0, "samples": {"mask": {"email": "encrypt"}}}""", "config.samples.mask.email")]
    [InlineData("""{"max": 0, "samples": {"rows": 3}}""", "config.samples.rows")]
    [InlineData("""{"max": 0, "samples": []}""", "config.samples")]
    public void Validate_WithBadSamples_NamesTheField(string config, string field)
    {
        var error = Assert.Throws<ValidationException>(() => CheckCatalog.Validate("null_count", config));
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Validate_SamplesOnATypeThatJudgesNoRows_IsRefused() =>
        Assert.Equal("config.samples", Assert.Throws<ValidationException>(() => CheckCatalog.Validate("row_count", """{"min": 1, "samples": {}}""")).Field);

    [Fact]
    public void Of_WithoutSamples_TakesTwentyRowsOfTheTargetColumn()
    {
        var settings = SampleSettings.Of(CheckConfig.Parse("""{"max": 0}"""));
        Assert.Equal(20, settings.Limit);
        Assert.Equal(["email"], settings.ColumnsFor("email"));
    }

    [Fact]
    public void ColumnsFor_PrefersKeyColumns_ElseTargetThenColumns()
    {
        Assert.Equal(["id", "region"], SampleSettings.Of(CheckConfig.Parse("""{"samples": {"keyColumns": ["id", "region"], "columns": ["x"]}}""")).ColumnsFor("email"));
        Assert.Equal(["email", "id"], SampleSettings.Of(CheckConfig.Parse("""{"samples": {"columns": ["email", "id"]}}""")).ColumnsFor("email"));
    }

    [Fact]
    public void Masked_HashesAndRedacts_ButKeepsNulls()
    {
        var sample = new FailedRowSample(["id", "Email", "amount"], [["1", "a@x", "5"], ["2", null, "6"]], [null, null, null], false);
        var masked = sample.Masked(new Dictionary<string, SampleMask>(StringComparer.OrdinalIgnoreCase) { ["email"] = SampleMask.Hash, ["amount"] = SampleMask.Redact }, v => "h(" + v + ")");
        Assert.Equal([["1", "h(a@x)", "[redacted]"], ["2", null, "[redacted]"]], masked.Rows.Select(r => r.ToArray()));
        Assert.Equal([null, SampleMask.Hash, SampleMask.Redact], masked.Masks);
    }

    [Fact]
    public void Collector_StopsAtTheByteCap_AndMarksTheSampleTruncated()
    {
        var collector = new SampleCollector(["v"], limit: 10, maxBytes: 25);
        Assert.True(collector.Add(["0123456789"]));
        Assert.False(collector.Add(["0123456789abcdef"]));
        var sample = collector.ToSample();
        Assert.Equal((1, true), (sample.Rows.Count, sample.Truncated));
    }

    [Theory]
    [InlineData("null_count", true)]
    [InlineData("duplicate_percent", true)]
    [InlineData("text_length", true)]
    [InlineData("custom_sql_rows", true)]
    [InlineData("mean_value", false)]
    [InlineData("freshness", false)]
    public void Catalog_ListsSamplesOnRowLevelTypesOnly(string type, bool samples) =>
        Assert.Equal(samples, CheckCatalog.Get(type).SamplesFailedRows);
}
