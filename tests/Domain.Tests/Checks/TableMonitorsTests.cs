using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Connections;

namespace DqPlatform.Domain.Tests.Checks;

public sealed class TableMonitorsTests
{
    [Theory]
    [InlineData("updated_at", "id:integer", "created_at:timestamp with time zone", "updated_at:timestamp without time zone")]
    [InlineData("created_at", "id:integer", "shipped_at:timestamp with time zone", "created_at:timestamp with time zone")]
    [InlineData("shipped_at", "id:integer", "when:date", "shipped_at:datetime(6)")]
    [InlineData("seen", "id:integer", "seen:timestamp with time zone")]
    [InlineData("day", "id:integer", "day:date")]
    [InlineData(null, "id:integer", "updated_at:text")]
    [InlineData(null, "id:integer")]
    public void TimestampColumn_PrefersTellingNamesAmongTimestampTypes(string? expected, params string[] columns) =>
        Assert.Equal(expected, TableMonitors.TimestampColumn([.. columns.Select(c => c.Split(':')).Select(p => new ColumnShape(p[0], p[1]))]));

    [Fact]
    public void For_TableWithTimestamp_GivesVolumeFreshnessAndSchemaMonitors()
    {
        var specs = TableMonitors.For(new MonitoredTable("shop", "orders", [new("id", "integer"), new("created_at", "timestamp with time zone")]),
            new MonitorSettings(CheckSeverity.Warning, 3600));

        Assert.Equal(["anomaly", "freshness", "schema_drift"], specs.Select(s => s.CheckType));
        Assert.Equal("monitor freshness shop.orders", specs[1].Name);
        Assert.Equal("created_at", specs[1].TargetColumn);
        Assert.All(specs, s => Assert.Equal([TableMonitors.Tag], s.Tags));
        Assert.All(specs, s => CheckDefinition.Define(Guid.NewGuid(), s));
    }

    [Fact]
    public void For_TableWithoutTimestamp_HasNoFreshnessMonitor() =>
        Assert.Equal(["anomaly", "schema_drift"],
            TableMonitors.For(new MonitoredTable("public", "codes", [new("code", "text")]), new MonitorSettings(CheckSeverity.Error)).Select(s => s.CheckType));

    [Fact]
    public void NameOf_LongNames_StayWithinTheLimitAndApart()
    {
        var a = TableMonitors.NameOf("freshness", new string('s', 128), new string('a', 128));
        var b = TableMonitors.NameOf("freshness", new string('s', 128), new string('a', 127) + "b");
        Assert.True(a.Length <= Common.Names.MaxLength);
        Assert.NotEqual(a, b);
    }
}
