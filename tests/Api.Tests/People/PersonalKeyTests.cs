using System.Diagnostics;
using System.Net;
using DqPlatform.Domain.People;
using DqPlatform.Domain.Tenancy;
using DqPlatform.GraphQL.Relay;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Tests.People;

/// <summary>A personal key acts as its user, never beyond the user's roles of the moment, and ends with the user's access.</summary>
public sealed class PersonalKeyTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    [Fact]
    public async Task PersonalKey_WithEveryScope_OfAViewer_ActsAsAViewer()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var viewer = await TestUser.CreateAsync(api, tenant, Roles.Viewer);
        var client = viewer.Client(api);

        var me = (await client.DataAsync("{ me { id email roles scopes workspaceId } workspace { name } }")).GetProperty("me");
        Assert.Equal(viewer.GlobalId, me.GetProperty("id").GetString());
        Assert.Equal(["read"], me.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["viewer"], me.GetProperty("roles").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(viewer.WorkspaceGlobalId, me.GetProperty("workspaceId").GetString());
        Assert.Equal("FORBIDDEN", await client.ErrorCodeAsync("mutation { createSavedQuery(input: {name: \"q\", query: \"select 1\"}) { id } }"));
    }

    [Fact]
    public async Task PersonalKey_WithFewerScopesThanItsUser_KeepsOnlyItsOwn()
    {
        var tenant = await TestTenant.CreateAsync(api);
        // write grants triage: an Editor's write key triages, but does not run queries.
        var editor = await TestUser.CreateAsync(api, tenant, Roles.Editor, keyScopes: [ApiKeyScopes.Write]);

        var scopes = (await editor.Client(api).DataAsync("{ me { scopes } }")).GetProperty("me").GetProperty("scopes").EnumerateArray().Select(s => s.GetString());
        Assert.Equal(["incidents:triage", "write"], scopes);
    }

    [Fact]
    public async Task PersonalKey_ForAWorkspaceItsUserDoesNotReach_AuthenticatesNobody()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var viewer = await TestUser.CreateAsync(api, tenant, Roles.Viewer);
        await using var db = api.Database.CreateDqContext();
        var other = new Workspace { OrganizationId = tenant.OrganizationId, Name = "other-" + Guid.NewGuid().ToString("N")[..6] };
        db.Workspaces.Add(other);
        await db.SaveChangesAsync();
        var (_, key) = await TestUser.PersonalKeyAsync(api, viewer.Id, other.Id, [ApiKeyScopes.Read]);

        var (response, _) = await api.GraphQL(key).SendAsync("{ workspace { name } }");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task PersonalKey_AfterItsUsersMembershipIsRemoved_StopsWithinSeconds()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var viewer = await TestUser.CreateAsync(api, tenant, Roles.Viewer);
        var client = viewer.Client(api);
        await client.DataAsync("{ workspace { name } }");

        // Removed behind the API's back, as another node would: only the caches' lifetime stands in the way.
        await using (var db = api.Database.CreateDqContext())
        {
            await db.WorkspaceMembers.Where(m => m.UserId == viewer.Id).ExecuteDeleteAsync();
        }

        var clock = Stopwatch.StartNew();
        var status = HttpStatusCode.OK;
        while (clock.Elapsed < TimeSpan.FromSeconds(20) && status != HttpStatusCode.Unauthorized)
        {
            (var response, _) = await client.SendAsync("{ workspace { name } }");
            status = response.StatusCode;
            await Task.Delay(100);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task RemoveMember_ThroughTheGraph_EndsThePersonalKeyWithinSeconds()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var admin = await TestUser.CreateAsync(api, tenant, Roles.Admin);
        var viewer = await TestUser.CreateAsync(api, tenant, Roles.Viewer);
        await viewer.Client(api).DataAsync("{ workspace { name } }");

        await admin.Client(api).DataAsync($"mutation {{ removeMember(userId: \"{viewer.GlobalId}\") }}");

        var clock = Stopwatch.StartNew();
        var status = HttpStatusCode.OK;
        while (clock.Elapsed < TimeSpan.FromSeconds(20) && status != HttpStatusCode.Unauthorized)
        {
            (var response, _) = await viewer.Client(api).SendAsync("{ workspace { name } }");
            status = response.StatusCode;
            await Task.Delay(100);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task CreateApiKey_Personal_ByAViewer_IsBoundToThemWithScopesTheyHold()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var viewer = await TestUser.CreateAsync(api, tenant, Roles.Viewer);
        var client = viewer.Client(api);

        var created = (await client.DataAsync("mutation { createApiKey(input: {name: \"mine\", scopes: [\"read\"], personal: true}) { key apiKey { id } } }"))
            .GetProperty("createApiKey");
        Assert.Equal("FORBIDDEN", await client.ErrorCodeAsync("mutation { createApiKey(input: {name: \"more\", scopes: [\"write\"], personal: true}) { key } }"));
        Assert.Equal("FORBIDDEN", await client.ErrorCodeAsync("mutation { createApiKey(input: {name: \"service\", scopes: [\"read\"]}) { key } }"));
        Assert.Equal("FORBIDDEN", await api.GraphQL(tenant.ApiKey).ErrorCodeAsync("mutation { createApiKey(input: {name: \"p\", scopes: [\"read\"], personal: true}) { key } }"));

        var me = (await api.GraphQL(created.GetProperty("key").GetString()).DataAsync("{ me { id } }")).GetProperty("me");
        Assert.Equal(viewer.GlobalId, me.GetProperty("id").GetString());
        GlobalId.TryDecode(created.GetProperty("apiKey").GetProperty("id").GetString()!, out _, out Guid keyId);
        await using var db = api.Database.CreateDqContext();
        var key = await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == keyId);
        Assert.Equal((viewer.Id, viewer.Id, viewer.Id), (key.UserId!.Value, key.PrincipalId, key.CreatedById!.Value));
    }

    [Fact]
    public async Task CreateAndRotateApiKey_RecordWhoCreatedThem()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var admin = await TestUser.CreateAsync(api, tenant, Roles.Admin);
        var byUser = (await admin.Client(api).DataAsync("mutation { createApiKey(input: {name: \"svc\", scopes: [\"read\"]}) { apiKey { id } } }"))
            .GetProperty("createApiKey").GetProperty("apiKey").GetProperty("id").GetString()!;
        var byKey = (await api.GraphQL(tenant.ApiKey).DataAsync($"mutation {{ rotateApiKey(id: \"{byUser}\") {{ apiKey {{ id }} }} }}"))
            .GetProperty("rotateApiKey").GetProperty("apiKey").GetProperty("id").GetString()!;

        await using var db = api.Database.CreateDqContext();
        GlobalId.TryDecode(byUser, out _, out Guid first);
        GlobalId.TryDecode(byKey, out _, out Guid second);
        Assert.Equal(admin.Id, (await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == first)).CreatedById);
        Assert.Equal(tenant.ApiKeyId, (await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == second)).CreatedById);
    }

    [Fact]
    public async Task Me_ForAServiceAccountKey_IsNull()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var data = await api.GraphQL(tenant.ApiKey).DataAsync("{ me { id } }");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, data.GetProperty("me").ValueKind);
    }
}
