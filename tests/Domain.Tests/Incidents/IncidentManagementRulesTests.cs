using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Incidents;

namespace DqPlatform.Domain.Tests.Incidents;

public sealed class IncidentManagementRulesTests
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static CheckDefinition Check(string type, string table = "orders") =>
        CheckDefinition.Define(Guid.NewGuid(), new CheckSpec("c", type, "public", table, type is "row_count" ? null : "amount", type switch
        {
            "row_count" => """{"min": 1}""",
            "null_count" or "null_percent" => """{"max": 0}""",
            _ => """{"max": 1}""",
        }, [], null, CheckSeverity.Error, true, null));

    [Fact]
    public void KeyOf_PerTable_IsSharedByChecksOfOneTableOnly()
    {
        var rows = Check("row_count");
        var nulls = Check("null_count");
        nulls.ConnectionId = rows.ConnectionId;
        var elsewhere = Check("null_count", "customers");
        elsewhere.ConnectionId = rows.ConnectionId;

        Assert.Equal(IncidentGroups.KeyOf(IncidentGrouping.Table, rows), IncidentGroups.KeyOf(IncidentGrouping.Table, nulls));
        Assert.NotEqual(IncidentGroups.KeyOf(IncidentGrouping.Table, rows), IncidentGroups.KeyOf(IncidentGrouping.Table, elsewhere));
        Assert.Null(IncidentGroups.KeyOf(IncidentGrouping.Check, rows));
    }

    [Fact]
    public void KeyOf_PerConnectionAndCategory_GroupsByTheCatalogsCategory()
    {
        var nullCount = Check("null_count");
        var nullPercent = Check("null_percent", "customers");
        nullPercent.ConnectionId = nullCount.ConnectionId;
        var rows = Check("row_count");
        rows.ConnectionId = nullCount.ConnectionId;

        Assert.Equal(IncidentGroups.KeyOf(IncidentGrouping.ConnectionAndCategory, nullCount), IncidentGroups.KeyOf(IncidentGrouping.ConnectionAndCategory, nullPercent));
        Assert.EndsWith(":volume", IncidentGroups.KeyOf(IncidentGrouping.ConnectionAndCategory, rows));
        Assert.Equal(CheckCategory.Validity, CheckCategories.Of("regex_match_percent"));
    }

    [Fact]
    public void EveryCatalogType_HasACategory() =>
        Assert.All(CheckCatalog.Names, name => Assert.True(Enum.IsDefined(CheckCategories.Of(name))));

    [Theory]
    [InlineData(CheckSeverity.Warning, CheckSeverity.Error, false)]
    [InlineData(CheckSeverity.Error, CheckSeverity.Error, true)]
    [InlineData(CheckSeverity.Fatal, CheckSeverity.Warning, true)]
    public void Counts_BelowTheMinimumSeverity_OpensNothing(CheckSeverity severity, CheckSeverity minimum, bool counts) =>
        Assert.Equal(counts, IncidentGroups.Counts(severity, minimum));

    [Fact]
    public void Mute_UntilNowOrBeyondNinetyDays_IsRefused_AndEndsAtItsTime()
    {
        var incident = Incident.Open(Guid.NewGuid(), CheckSeverity.Error, T0);
        Assert.Throws<ValidationException>(() => incident.Mute(T0, Guid.NewGuid(), null, T0));
        Assert.Throws<ValidationException>(() => incident.Mute(T0.AddDays(90).AddSeconds(1), Guid.NewGuid(), null, T0));
        Assert.Null(incident.MutedUntil);

        incident.Mute(T0.AddHours(1), Guid.NewGuid(), "  deploy  ", T0);

        Assert.Equal("deploy", incident.MuteReason);
        Assert.True(Mutes.IsMuted(incident, null, T0.AddMinutes(59)));
        Assert.False(Mutes.IsMuted(incident, null, T0.AddHours(1)));
    }

    [Fact]
    public void IsMuted_WhenOnlyTheCheckIsMuted_IsMuted()
    {
        var incident = Incident.Open(Guid.NewGuid(), CheckSeverity.Error, T0);
        var check = Check("row_count");
        check.Mute(T0.AddDays(1), Guid.NewGuid(), null, T0);

        Assert.True(Mutes.IsMuted(incident, check, T0.AddHours(1)));
        check.Unmute(T0.AddHours(2));
        Assert.False(Mutes.IsMuted(incident, check, T0.AddHours(2)));
    }

    [Fact]
    public void Mute_OfAResolvedIncident_IsAConflict()
    {
        var incident = Incident.Open(Guid.NewGuid(), CheckSeverity.Error, T0);
        incident.Resolve("ops", null, T0);
        Assert.Throws<ConflictException>(() => incident.Mute(T0.AddHours(1), Guid.NewGuid(), null, T0));
    }
}
