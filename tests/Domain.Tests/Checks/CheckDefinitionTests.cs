using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Tests.Checks;

public sealed class CheckDefinitionTests
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly CheckSpec NullPercent = new("emails present", "null_percent", "shop", "customers", "email", """{"max": 1}""", ["pii"]);

    [Fact]
    public void Define_TakesTheTypesTarget_AndTrimsTheName()
    {
        var check = CheckDefinition.Define(Guid.NewGuid(), NullPercent with { Name = "  emails present " });

        Assert.Equal("emails present", check.Name);
        Assert.Equal(CheckTargetType.Column, check.TargetType);
        Assert.Equal(default, check.UpdatedAt);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("checkType")]
    [InlineData("targetColumn")]
    [InlineData("config.max")]
    [InlineData("tags")]
    public void Update_RefusingAnyField_ChangesNothing(string field)
    {
        var check = CheckDefinition.Define(Guid.NewGuid(), NullPercent);
        var before = check.Spec;
        var bad = field switch
        {
            "name" => before with { Name = " " },
            "checkType" => before with { CheckType = "no_such_type" },
            "targetColumn" => before with { CheckType = "row_count", Config = """{"min": 1}""" },
            "config.max" => before with { Config = """{"max": 120}""" },
            _ => before with { Tags = [""] },
        };

        check.Update(before, T0);
        var error = Assert.Throws<ValidationException>(() => check.Update(bad, T0.AddHours(1)));

        Assert.Equal(field, error.Field);
        Assert.Equal(before, check.Spec with { Tags = before.Tags });
        Assert.Same(before.Tags, check.Tags);
        Assert.Equal(T0, check.UpdatedAt);
    }

    [Fact]
    public void EnsureRunnable_AfterDisable_IsRefusedUntilEnabled()
    {
        var check = CheckDefinition.Define(Guid.NewGuid(), NullPercent);

        check.Disable(T0);
        Assert.Equal("id", Assert.Throws<ValidationException>(check.EnsureRunnable).Field);
        check.Enable(T0);
        check.EnsureRunnable();
    }

    [Theory]
    [InlineData("column_exists", true, false)]
    [InlineData("column_count", true, false)]
    [InlineData("custom_sql", false, true)]
    [InlineData("row_count", false, false)]
    public void CheckTypes_SayWhetherTheyMeasureAbsence_OrRunUserSql(string type, bool absence, bool userSql)
    {
        Assert.Equal(absence, CheckCatalog.Get(type).MeasuresAbsence);
        Assert.Equal(userSql, CheckCatalog.Get(type).RunsUserSql);
    }
}
