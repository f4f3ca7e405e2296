using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Checks.Types;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Connections;

namespace DqPlatform.Domain.Tests.Connections;

public sealed class SchemaDriftTests
{
    private static readonly ColumnShape[] Before =
        [new("id", "integer"), new("email", "text"), new("amount", "integer"), new("created_at", "timestamp with time zone")];

    [Fact]
    public void Compare_SameColumns_FindsNothing() =>
        Assert.Empty(SchemaDrift.Compare(Before, [.. Before.Reverse().Select(c => c with { DataType = c.DataType.ToUpperInvariant() })]));

    [Fact]
    public void Compare_AddedRemovedAndRetyped_NamesEachChange()
    {
        ColumnShape[] after = [new("id", "integer"), new("amount", "numeric(12,2)"), new("created_at", "timestamp with time zone"), new("phone", "text")];

        var changes = SchemaDrift.Compare(Before, after);

        Assert.Equal(
        [
            new ColumnChange(ColumnChangeKind.Removed, "email", "text", null),
            new ColumnChange(ColumnChangeKind.TypeChanged, "amount", "integer", "numeric(12,2)"),
            new ColumnChange(ColumnChangeKind.Added, "phone", null, "text"),
        ], changes);
        Assert.Equal("column `email` removed; `amount` changed from integer to numeric(12,2); column `phone` added (text)", SchemaDrift.Describe(changes));
    }

    [Fact]
    public void Compare_RenamedColumn_IsOneRemovedAndOneAdded() =>
        Assert.Equal([ColumnChangeKind.Removed, ColumnChangeKind.Added],
            SchemaDrift.Compare([new("mail", "text")], [new("Mail", "text")]).Select(c => c.Kind));

    [Fact]
    public void Compare_LengthChange_IsATypeChange() =>
        Assert.Single(SchemaDrift.Compare([new("code", "character varying(2)")], [new("code", "character varying(3)")]));

    [Fact]
    public void JudgeDrift_WithoutBaseline_RecordsItAndPasses()
    {
        var outcome = SchemaDriftCheck.JudgeDrift(CheckConfig.Parse("{}"), null, Before);
        Assert.True(outcome.Passed);
        Assert.Equal(0, outcome.SensorValue);
    }

    [Fact]
    public void JudgeDrift_CountsDetectedChangesAndFails()
    {
        var outcome = SchemaDriftCheck.JudgeDrift(CheckConfig.Parse("{}"), Before, [.. Before.Skip(1), new ColumnShape("phone", "text")]);
        Assert.False(outcome.Passed);
        Assert.Equal(2, outcome.SensorValue);
        Assert.Equal("column `id` removed; column `phone` added (text)", outcome.Explanation);
    }

    [Fact]
    public void JudgeDrift_DetectingOnlyRemovals_PassesOnAnAdditionButNamesIt()
    {
        var outcome = SchemaDriftCheck.JudgeDrift(CheckConfig.Parse("""{"detect": ["removed"]}"""), Before, [.. Before, new ColumnShape("phone", "text")]);
        Assert.True(outcome.Passed);
        Assert.Equal(0, outcome.SensorValue);
        Assert.Equal("column `phone` added (text) (ignored)", outcome.Explanation);
    }

    [Fact]
    public void Validate_UnknownChangeKind_IsRefusedNamingTheField()
    {
        var error = Assert.Throws<ValidationException>(() => CheckCatalog.Validate("schema_drift", """{"detect": ["renamed"]}"""));
        Assert.Equal("config.detect", error.Field);
    }
}
