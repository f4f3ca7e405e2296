using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Tests.Checks;

public sealed class CheckCatalogTests
{
    [Theory]
    [InlineData("row_count", """{"min": 1}""")]
    [InlineData("row_count", """{"min": 1, "max": 10}""")]
    [InlineData("null_percent", """{"max": 5}""")]
    [InlineData("regex_match_percent", """{"pattern": "^[a-z]+@[a-z.]+$", "min": 99}""")]
    [InlineData("accepted_values_percent", """{"values": ["a", "b"], "min": 100}""")]
    [InlineData("freshness", """{"maxAgeSeconds": 3600}""")]
    [InlineData("column_exists", "{}")]
    [InlineData("anomaly", """{"window": 14, "maxStdDevs": 3}""")]
    public void ValidConfigs_AreAccepted(string checkType, string config) => CheckCatalog.Validate(checkType, config);

    [Theory]
    [InlineData("row_count", "{}", "config.min")]
    [InlineData("row_count", """{"min": 5, "max": 1}""", "config.min")]
    [InlineData("row_count", """{"min": "1"}""", "config.min")]
    [InlineData("row_count", """{"minimum": 1}""", "config.minimum")]
    [InlineData("null_percent", """{"max": 120}""", "config.max")]
    [InlineData("regex_match_percent", """{"pattern": "([a-z", "min": 90}""", "config.pattern")]
    [InlineData("regex_match_percent", """{"min": 90}""", "config.pattern")]
    [InlineData("accepted_values_percent", """{"values": [], "min": 90}""", "config.values")]
    [InlineData("freshness", """{"maxAgeSeconds": 0}""", "config.maxAgeSeconds")]
    [InlineData("anomaly", """{"window": 14}""", "config.maxStdDevs")]
    [InlineData("anomaly", """{"window": 1, "maxPercent": 20}""", "config.window")]
    [InlineData("row_count", "[1]", "config")]
    public void InvalidConfigs_AreRefused_NamingTheField(string checkType, string config, string field)
    {
        var error = Assert.Throws<ValidationException>(() => CheckCatalog.Validate(checkType, config));

        Assert.Equal(field, error.Field);
        Assert.Equal("VALIDATION", error.Code);
    }

    [Fact]
    public void Catalog_CoversTheRequiredCheckFamilies()
    {
        var names = CheckCatalog.Names;
        foreach (var required in new[] { "row_count", "null_count", "null_percent", "distinct_count", "duplicate_count", "duplicate_percent",
                     "min_value", "max_value", "mean_value", "sum_value", "text_length", "regex_match_percent", "accepted_values_percent",
                     "freshness", "column_exists", "column_count", "custom_sql", "anomaly" })
        {
            Assert.Contains(required, names);
        }

        Assert.All(CheckCatalog.All, t => Assert.False(string.IsNullOrWhiteSpace(t.Description)));
    }
}
