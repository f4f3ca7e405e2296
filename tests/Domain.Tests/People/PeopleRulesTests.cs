using DqPlatform.Domain.Common;
using DqPlatform.Domain.People;
using DqPlatform.Domain.Tenancy;

namespace DqPlatform.Domain.Tests.People;

public sealed class PeopleRulesTests
{
    private static Caller As(params string[] scopes) => new(null, Guid.NewGuid(), Guid.NewGuid(), scopes.ToHashSet());

    private static readonly Dictionary<string, string[]> Custom = new() { ["deputy"] = [ApiKeyScopes.OrganizationAdmin], ["runner"] = [ApiKeyScopes.RunChecks] };

    [Fact]
    public void RequireWorkspaceGrant_RefusesUnknownOwnerAndMorePowerfulRoles()
    {
        var admin = As([.. Roles.ScopesOf(Roles.Admin)!]);

        Assert.Throws<ValidationException>(() => MembershipRules.RequireWorkspaceGrant(admin, "nope", Custom));
        Assert.Throws<ValidationException>(() => MembershipRules.RequireWorkspaceGrant(As(ApiKeyScopes.OrganizationAdmin), Roles.Owner, Custom));
        Assert.Throws<RoleAuthorityException>(() => MembershipRules.RequireWorkspaceGrant(admin, "deputy", Custom));
        MembershipRules.RequireWorkspaceGrant(admin, Roles.Admin, Custom);

        // A custom role within the granter's scopes is still given only by its holders (datasets may be read by that role alone).
        Assert.Throws<RoleNotHeldException>(() => MembershipRules.RequireWorkspaceGrant(admin, "runner", Custom));
        MembershipRules.RequireWorkspaceGrant(admin with { Roles = new HashSet<string> { "runner" } }, "runner", Custom);
        MembershipRules.RequireWorkspaceGrant(As(ApiKeyScopes.OrganizationAdmin), "runner", Custom);
    }

    [Fact]
    public void RequireOwnerLeft_RefusesLeavingNoOwner()
    {
        Assert.Throws<ConflictException>(() => MembershipRules.RequireOwnerLeft(0));
        MembershipRules.RequireOwnerLeft(1);
    }

    [Fact]
    public void PersonalKeys_Bound_KeepsWhatBothTheKeyAndTheUserGrant()
    {
        var key = As(ApiKeyScopes.Write, ApiKeyScopes.ManageKeys) with { UserId = null };
        var user = As([.. Roles.ScopesOf(Roles.Operator)!]) with { UserId = Guid.NewGuid(), Roles = new HashSet<string> { Roles.Operator } };

        var bound = PersonalKeys.Bound(key, user);

        Assert.Equal([ApiKeyScopes.TriageIncidents], bound.Scopes);
        Assert.Equal(user.UserId, bound.UserId);
        Assert.Equal(ActorRef.User(user.UserId!.Value), bound.Actor);
        Assert.Equal(key.WorkspaceId, bound.WorkspaceId);
    }

    [Fact]
    public void CustomRole_Define_RefusesBuiltInSlugsAndUnknownScopes()
    {
        Assert.Throws<ValidationException>(() => CustomRole.Define(Guid.NewGuid(), "editor", "E", [ApiKeyScopes.Read]));
        Assert.Throws<ValidationException>(() => CustomRole.Define(Guid.NewGuid(), "-x", "E", [ApiKeyScopes.Read]));
        Assert.Throws<ValidationException>(() => CustomRole.Define(Guid.NewGuid(), "x", "E", ["sudo"]));
        Assert.Equal(["read"], CustomRole.Define(Guid.NewGuid(), "x", "E", [ApiKeyScopes.Read, ApiKeyScopes.Read]).Scopes);
    }

    [Theory]
    [InlineData(" Ann@Example.COM ", "ann@example.com")]
    [InlineData("a.b+c@sub.example.org", "a.b+c@sub.example.org")]
    public void Invitations_NormalizeEmail_TrimsAndLowersCase(string given, string expected) =>
        Assert.Equal(expected, Invitations.NormalizeEmail(given));

    [Theory]
    [InlineData("")]
    [InlineData("nobody")]
    [InlineData("@example.com")]
    [InlineData("a@")]
    [InlineData("a@b@c")]
    [InlineData("a b@c")]
    public void Invitations_NormalizeEmail_RefusesWhatIsNoAddress(string given) =>
        Assert.Throws<ValidationException>(() => Invitations.NormalizeEmail(given));
}
