using DqPlatform.Domain.People;
using DqPlatform.GraphQL.Relay;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Tests.People;

/// <summary>createWorkspace makes its creator Admin; updateWorkspace and deleteWorkspace stay inside the caller's reach.</summary>
public sealed class WorkspaceManagementTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    [Fact]
    public async Task CreateWorkspace_ByAUser_MakesThemItsAdmin_AndDeleteWorkspaceCascades()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var owner = await TestUser.CreateAsync(api, tenant, Roles.Owner);
        var created = (await owner.Client(api).DataAsync("mutation { createWorkspace(name: \"team\") { id members { userId role } } }")).GetProperty("createWorkspace");
        var member = Assert.Single(created.GetProperty("members").EnumerateArray());
        Assert.Equal((owner.GlobalId, "admin"), (member.GetProperty("userId").GetString(), member.GetProperty("role").GetString()));
        var id = created.GetProperty("id").GetString()!;
        GlobalId.TryDecode(id, out _, out Guid workspaceId);
        var (_, keyThere) = await TestUser.PersonalKeyAsync(api, owner.Id, workspaceId, [.. DqPlatform.Domain.Tenancy.ApiKeyScopes.All]);
        await api.GraphQL(keyThere).DataAsync("{ workspace { name } }");

        Assert.Equal("CONFLICT", await api.GraphQL(keyThere).ErrorCodeAsync($"mutation {{ deleteWorkspace(id: \"{id}\") }}"));
        Assert.Equal(id, (await owner.Client(api).DataAsync($"mutation {{ deleteWorkspace(id: \"{id}\") }}")).GetProperty("deleteWorkspace").GetString());

        await using var db = api.Database.CreateDqContext();
        Assert.False(await db.Workspaces.AnyAsync(w => w.Id == workspaceId));
        Assert.False(await db.WorkspaceMembers.AnyAsync(m => m.WorkspaceId == workspaceId));
        Assert.False(await db.ApiKeys.AnyAsync(k => k.WorkspaceId == workspaceId));
        Assert.Equal("NOT_FOUND", await owner.Client(api).ErrorCodeAsync($"mutation {{ deleteWorkspace(id: \"{id}\") }}"));
    }

    [Fact]
    public async Task DeleteWorkspace_OfTheWorkspaceTheCallActsIn_IsAConflict()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var owner = await TestUser.CreateAsync(api, tenant, Roles.Owner);
        Assert.Equal("CONFLICT", await owner.Client(api).ErrorCodeAsync($"mutation {{ deleteWorkspace(id: \"{owner.WorkspaceGlobalId}\") }}"));
    }

    [Fact]
    public async Task UpdateWorkspace_RenamesTheAdminsOwnWorkspaceOnly()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var admin = await TestUser.CreateAsync(api, tenant, Roles.Admin);
        var owner = await TestUser.CreateAsync(api, tenant, Roles.Owner);
        var sibling = (await owner.Client(api).DataAsync("mutation { createWorkspace(name: \"sibling\") { id } }")).GetProperty("createWorkspace").GetProperty("id").GetString()!;

        var renamed = (await admin.Client(api).DataAsync($"mutation {{ updateWorkspace(id: \"{admin.WorkspaceGlobalId}\", name: \" renamed \") {{ name }} }}"));
        Assert.Equal("renamed", renamed.GetProperty("updateWorkspace").GetProperty("name").GetString());
        Assert.Equal("NOT_FOUND", await admin.Client(api).ErrorCodeAsync($"mutation {{ updateWorkspace(id: \"{sibling}\", name: \"mine\") {{ name }} }}"));
        Assert.Equal("VALIDATION", await admin.Client(api).ErrorCodeAsync($"mutation {{ updateWorkspace(id: \"{admin.WorkspaceGlobalId}\", name: \"\") {{ name }} }}"));
        Assert.Equal("again", (await owner.Client(api).DataAsync($"mutation {{ updateWorkspace(id: \"{sibling}\", name: \"again\") {{ name }} }}"))
            .GetProperty("updateWorkspace").GetProperty("name").GetString());
    }
}
