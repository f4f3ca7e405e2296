using DqPlatform.Domain.People;

namespace DqPlatform.Domain.Tests.People;

public sealed class GroupRolesTests
{
    private static readonly Dictionary<string, string> Mapping = new(StringComparer.Ordinal)
    {
        ["viewers"] = "viewer",
        ["editors"] = "Editor ",
        ["auditors"] = "auditor",
        ["analysts"] = "analyst",
    };

    [Theory]
    [InlineData(new string[0], null)]
    [InlineData(new[] { "unmapped" }, null)]
    [InlineData(new[] { "viewers" }, "viewer")]
    [InlineData(new[] { "viewers", "editors" }, "editor")]
    [InlineData(new[] { "editors", "viewers", "auditors" }, "editor")]
    [InlineData(new[] { "analysts", "auditors" }, "analyst")]
    [InlineData(new[] { "Viewers" }, null)]
    public void RoleFor_PicksTheStrongestBuiltInRole_ElseTheFirstCustomOne(string[] groups, string? expected) =>
        Assert.Equal(expected, GroupRoles.RoleFor(groups, Mapping));
}
