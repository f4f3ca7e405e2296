using DqPlatform.Domain.People;
using DqPlatform.GraphQL.Relay;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Tests.People;

/// <summary>
/// A user reaches only the workspaces they belong to: an Admin of workspace A, acting as powerfully as their role allows,
/// neither reads nor changes anything of workspace B (another organization's, or a sibling they are not a member of).
/// </summary>
public sealed class UserIsolationTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    [Fact]
    public async Task AdminOfWorkspaceA_CannotReadOrAlterWorkspaceBOrItsPeople()
    {
        var a = await TestTenant.CreateAsync(api);
        var b = await TestTenant.CreateAsync(api);
        var adminA = await TestUser.CreateAsync(api, a, Roles.Admin);
        var viewerB = await TestUser.CreateAsync(api, b, Roles.Viewer);
        var ownerB = await TestUser.CreateAsync(api, b, Roles.Owner);
        await ownerB.Client(api).DataAsync("mutation { createRole(slug: \"b-role\", name: \"B\", scopes: [\"read\"]) { slug } }");
        var workspaceB = GlobalId.Encode("Workspace", b.WorkspaceId);
        var client = adminA.Client(api);

        var node = (await client.DataAsync($"{{ node(id: \"{workspaceB}\") {{ id }} }}")).GetProperty("node");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, node.ValueKind);
        var members = (await client.DataAsync("{ workspace { members { userId } } organization { members { userId } roles { slug } } }")).ToString();
        Assert.DoesNotContain(viewerB.GlobalId, members, StringComparison.Ordinal);
        Assert.DoesNotContain("b-role", members, StringComparison.Ordinal);

        Assert.Equal("NOT_FOUND", await client.ErrorCodeAsync($"mutation {{ updateWorkspace(id: \"{workspaceB}\", name: \"mine\") {{ id }} }}"));
        Assert.Equal("NOT_FOUND", await client.ErrorCodeAsync($"mutation {{ addMember(userId: \"{viewerB.GlobalId}\", role: \"viewer\") {{ role }} }}"));
        Assert.Equal("NOT_FOUND", await client.ErrorCodeAsync($"mutation {{ setMemberRole(userId: \"{viewerB.GlobalId}\", role: \"editor\") {{ role }} }}"));
        Assert.Equal("NOT_FOUND", await client.ErrorCodeAsync($"mutation {{ removeMember(userId: \"{viewerB.GlobalId}\") }}"));
        Assert.Equal("VALIDATION", await client.ErrorCodeAsync($"mutation {{ inviteMember(email: \"x@example.com\", role: \"b-role\") {{ role }} }}"));

        await using var db = api.Database.CreateDqContext();
        Assert.Equal(Roles.Viewer, (await db.WorkspaceMembers.AsNoTracking().SingleAsync(m => m.UserId == viewerB.Id)).Role);
        Assert.Equal(b.WorkspaceId, (await db.Workspaces.AsNoTracking().SingleAsync(w => w.Id == b.WorkspaceId)).Id);
        Assert.False(await db.WorkspaceMembers.AnyAsync(m => m.WorkspaceId == a.WorkspaceId && m.UserId == viewerB.Id));
    }

    [Fact]
    public async Task MemberOfOneWorkspace_DoesNotReachASiblingWorkspace()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var owner = await TestUser.CreateAsync(api, tenant, Roles.Owner);
        var editor = await TestUser.CreateAsync(api, tenant, Roles.Admin); // admin of their own workspace only
        var sibling = (await owner.Client(api).DataAsync("mutation { createWorkspace(name: \"sibling\") { id } }")).GetProperty("createWorkspace").GetProperty("id").GetString()!;
        GlobalId.TryDecode(sibling, out _, out Guid siblingId);

        var me = (await editor.Client(api).DataAsync("{ me { workspaces { id } } }")).GetProperty("me").GetProperty("workspaces");
        Assert.Equal([editor.WorkspaceGlobalId], me.EnumerateArray().Select(w => w.GetProperty("id").GetString()));
        var (_, keyThere) = await TestUser.PersonalKeyAsync(api, editor.Id, siblingId, ["read"]);
        var (response, _) = await api.GraphQL(keyThere).SendAsync("{ workspace { name } }");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("NOT_FOUND", await editor.Client(api).ErrorCodeAsync($"mutation {{ updateWorkspace(id: \"{sibling}\", name: \"x\") {{ id }} }}"));
    }
}
