using DqPlatform.Domain.People;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Tests.People;

/// <summary>Workspace memberships and organization roles through the graph, with the rules of <see cref="MembershipRules"/>.</summary>
public sealed class MemberTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    private async Task<(Guid Id, string GlobalId)> OrganizationUserAsync(TestTenant tenant)
    {
        await using var db = api.Database.CreateDqContext();
        var user = new User { Id = Guid.CreateVersion7(), Issuer = "https://idp.test", ExternalId = Guid.NewGuid().ToString("N"), Email = $"{Guid.NewGuid():N}@example.com" };
        db.Users.Add(user);
        db.OrganizationMembers.Add(new OrganizationMember { OrganizationId = tenant.OrganizationId, UserId = user.Id });
        await db.SaveChangesAsync();
        return (user.Id, DqPlatform.GraphQL.Relay.GlobalId.Encode("User", user.Id));
    }

    [Fact]
    public async Task AddSetAndRemoveMember_ByAnAdmin_ChangeWhatTheUserMayDo()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var admin = await TestUser.CreateAsync(api, tenant, Roles.Admin);
        var (userId, user) = await OrganizationUserAsync(tenant);
        var (_, key) = await TestUser.PersonalKeyAsync(api, userId, tenant.WorkspaceId, [.. ApiKeyScopes.All]);
        var client = admin.Client(api);

        var added = (await client.DataAsync($"mutation {{ addMember(userId: \"{user}\", role: \"viewer\") {{ userId role pending }} }}")).GetProperty("addMember");
        Assert.Equal((user, "viewer", false), (added.GetProperty("userId").GetString(), added.GetProperty("role").GetString(), added.GetProperty("pending").GetBoolean()));
        Assert.Equal("CONFLICT", await client.ErrorCodeAsync($"mutation {{ addMember(userId: \"{user}\", role: \"viewer\") {{ role }} }}"));
        Assert.Equal(["read"], await ScopesAsync(key));

        await client.DataAsync($"mutation {{ setMemberRole(userId: \"{user}\", role: \"operator\") {{ role }} }}");
        Assert.Contains("checks:run", await ScopesAsync(key));

        var members = (await client.DataAsync("{ workspace { members { userId role } } }")).GetProperty("workspace").GetProperty("members");
        Assert.Contains(members.EnumerateArray(), m => m.GetProperty("userId").GetString() == user && m.GetProperty("role").GetString() == "operator");

        await client.DataAsync($"mutation {{ removeMember(userId: \"{user}\") }}");
        Assert.Equal("NOT_FOUND", await client.ErrorCodeAsync($"mutation {{ removeMember(userId: \"{user}\") }}"));
        Assert.Equal("NOT_FOUND", await client.ErrorCodeAsync($"mutation {{ setMemberRole(userId: \"{user}\", role: \"viewer\") {{ role }} }}"));
    }

    private async Task<List<string?>> ScopesAsync(string key) =>
        (await api.GraphQL(key).DataAsync("{ me { scopes } }")).GetProperty("me").GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ToList();

    [Fact]
    public async Task AddMember_WithBadRolesOrStrangers_IsRefusedAndChangesNothing()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var admin = await TestUser.CreateAsync(api, tenant, Roles.Admin);
        var (_, user) = await OrganizationUserAsync(tenant);
        var stranger = await TestUser.CreateAsync(api, await TestTenant.CreateAsync(api), Roles.Viewer);
        var client = admin.Client(api);

        Assert.Equal("VALIDATION", await client.ErrorCodeAsync($"mutation {{ addMember(userId: \"{user}\", role: \"no-such-role\") {{ role }} }}"));
        Assert.Equal("VALIDATION", await client.ErrorCodeAsync($"mutation {{ addMember(userId: \"{user}\", role: \"owner\") {{ role }} }}"));
        Assert.Equal("NOT_FOUND", await client.ErrorCodeAsync($"mutation {{ addMember(userId: \"{stranger.GlobalId}\", role: \"viewer\") {{ role }} }}"));
        await using var db = api.Database.CreateDqContext();
        Assert.Equal(1, await db.WorkspaceMembers.CountAsync(m => m.WorkspaceId == tenant.WorkspaceId));
    }

    [Fact]
    public async Task GrantingARoleAboveTheCallersOwn_IsForbidden()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var owner = await TestUser.CreateAsync(api, tenant, Roles.Owner);
        await owner.Client(api).DataAsync("mutation { createRole(slug: \"deputy\", name: \"Deputy\", scopes: [\"org:admin\"]) { slug } }");
        await owner.Client(api).DataAsync("mutation { createRole(slug: \"people\", name: \"People\", scopes: [\"read\", \"members:manage\"]) { slug } }");
        var admin = await TestUser.CreateAsync(api, tenant, Roles.Admin);
        var manager = await TestUser.CreateAsync(api, tenant, "people");
        var (_, user) = await OrganizationUserAsync(tenant);

        Assert.Equal("FORBIDDEN", await admin.Client(api).ErrorCodeAsync($"mutation {{ addMember(userId: \"{user}\", role: \"deputy\") {{ role }} }}"));
        Assert.Equal("FORBIDDEN", await manager.Client(api).ErrorCodeAsync($"mutation {{ addMember(userId: \"{user}\", role: \"editor\") {{ role }} }}"));
        // Nor may they take a role away from someone more powerful than themselves.
        Assert.Equal("FORBIDDEN", await manager.Client(api).ErrorCodeAsync($"mutation {{ removeMember(userId: \"{admin.GlobalId}\") }}"));
        Assert.Equal("FORBIDDEN", await manager.Client(api).ErrorCodeAsync($"mutation {{ setMemberRole(userId: \"{admin.GlobalId}\", role: \"viewer\") {{ role }} }}"));
        Assert.Equal("viewer", (await manager.Client(api).DataAsync($"mutation {{ addMember(userId: \"{user}\", role: \"viewer\") {{ role }} }}"))
            .GetProperty("addMember").GetProperty("role").GetString());
    }

    [Fact]
    public async Task InviteMember_CreatesAPendingUserMatchedByEmailAtSignIn()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var admin = await TestUser.CreateAsync(api, tenant, Roles.Admin);
        var email = $"New.Person-{Guid.NewGuid():N}@Example.com";

        var invited = (await admin.Client(api).DataAsync($"mutation {{ inviteMember(email: \"  {email} \", role: \"editor\") {{ email role pending }} }}")).GetProperty("inviteMember");
        Assert.Equal((email.ToLowerInvariant(), "editor", true), (invited.GetProperty("email").GetString(), invited.GetProperty("role").GetString(), invited.GetProperty("pending").GetBoolean()));
        Assert.Equal("CONFLICT", await admin.Client(api).ErrorCodeAsync($"mutation {{ inviteMember(email: \"{email}\", role: \"viewer\") {{ role }} }}"));
        Assert.Equal("VALIDATION", await admin.Client(api).ErrorCodeAsync("mutation { inviteMember(email: \"nobody\", role: \"viewer\") { role } }"));

        // The same person invited to a second workspace is the same pending user.
        var second = await AnotherWorkspaceAsync(tenant);
        var otherAdmin = await TestUser.CreateAsync(api, tenant, Roles.Admin, second);
        await otherAdmin.Client(api).DataAsync($"mutation {{ inviteMember(email: \"{email}\", role: \"viewer\") {{ role }} }}");
        await using var db = api.Database.CreateDqContext();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Issuer == Invitations.Issuer && u.ExternalId == email.ToLowerInvariant());
        Assert.Equal(2, await db.WorkspaceMembers.CountAsync(m => m.UserId == user.Id));
        Assert.Null((await db.OrganizationMembers.SingleAsync(m => m.UserId == user.Id)).Role);
    }

    private async Task<Guid> AnotherWorkspaceAsync(TestTenant tenant)
    {
        await using var db = api.Database.CreateDqContext();
        var workspace = new Workspace { OrganizationId = tenant.OrganizationId, Name = "second-" + Guid.NewGuid().ToString("N")[..6] };
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync();
        return workspace.Id;
    }

    [Fact]
    public async Task SetOrganizationRole_OnTheLastOwner_IsAConflictUntilThereIsAnother()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var owner = await TestUser.CreateAsync(api, tenant, Roles.Owner);
        var admin = await TestUser.CreateAsync(api, tenant, Roles.Admin);
        var client = owner.Client(api);

        Assert.Equal("CONFLICT", await client.ErrorCodeAsync($"mutation {{ setOrganizationRole(userId: \"{owner.GlobalId}\", role: \"admin\") {{ role }} }}"));
        Assert.Equal("CONFLICT", await client.ErrorCodeAsync($"mutation {{ setOrganizationRole(userId: \"{owner.GlobalId}\") {{ role }} }}"));
        Assert.Equal("FORBIDDEN", await admin.Client(api).ErrorCodeAsync($"mutation {{ setOrganizationRole(userId: \"{admin.GlobalId}\", role: \"owner\") {{ role }} }}"));

        await client.DataAsync($"mutation {{ setOrganizationRole(userId: \"{admin.GlobalId}\", role: \"owner\") {{ role }} }}");
        var demoted = (await client.DataAsync($"mutation {{ setOrganizationRole(userId: \"{owner.GlobalId}\") {{ role }} }}")).GetProperty("setOrganizationRole");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, demoted.GetProperty("role").ValueKind);

        await using var db = api.Database.CreateDqContext();
        Assert.Equal([admin.Id], await db.OrganizationMembers.Where(m => m.OrganizationId == tenant.OrganizationId && m.Role == Roles.Owner).Select(m => m.UserId).ToListAsync());
    }

    [Fact]
    public async Task SetOrganizationRole_TwoOwnersDemotingEachOtherAtOnce_LeaveOne()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var first = await TestUser.CreateAsync(api, tenant, Roles.Owner);
        var second = await TestUser.CreateAsync(api, tenant, Roles.Owner);

        await Task.WhenAll(
            first.Client(api).SendAsync($"mutation {{ setOrganizationRole(userId: \"{second.GlobalId}\", role: \"admin\") {{ role }} }}"),
            second.Client(api).SendAsync($"mutation {{ setOrganizationRole(userId: \"{first.GlobalId}\", role: \"admin\") {{ role }} }}"));

        await using var db = api.Database.CreateDqContext();
        Assert.Equal(1, await db.OrganizationMembers.CountAsync(m => m.OrganizationId == tenant.OrganizationId && m.Role == Roles.Owner));
    }

    [Fact]
    public async Task Me_ListsTheUsersOrganizationsAndWorkspacesWithRoles()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var editor = await TestUser.CreateAsync(api, tenant, Roles.Editor);

        var me = (await editor.Client(api).DataAsync("{ me { email organizations { id role } workspaces { id role organizationId } } }")).GetProperty("me");
        Assert.Equal(editor.Email, me.GetProperty("email").GetString());
        var organization = Assert.Single(me.GetProperty("organizations").EnumerateArray());
        Assert.Equal(DqPlatform.GraphQL.Relay.GlobalId.Encode("Organization", tenant.OrganizationId), organization.GetProperty("id").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, organization.GetProperty("role").ValueKind);
        var workspace = Assert.Single(me.GetProperty("workspaces").EnumerateArray());
        Assert.Equal((editor.WorkspaceGlobalId, "editor"), (workspace.GetProperty("id").GetString(), workspace.GetProperty("role").GetString()));
    }
}
