using DqPlatform.Domain.People;

namespace DqPlatform.Api.Tests.People;

/// <summary>Custom roles: named sets of known scopes, never a built-in slug, not deleted while held.</summary>
public sealed class CustomRoleTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    [Fact]
    public async Task CustomRole_GivesItsScopes_ChangesReachHolders_AndCannotBeDeletedWhileHeld()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var owner = await TestUser.CreateAsync(api, tenant, Roles.Owner);
        var client = owner.Client(api);
        var created = (await client.DataAsync("mutation { createRole(slug: \"runner\", name: \"Runner\", scopes: [\"read\", \"checks:run\"]) { slug scopes builtIn } }")).GetProperty("createRole");
        Assert.False(created.GetProperty("builtIn").GetBoolean());
        var runner = await TestUser.CreateAsync(api, tenant, "runner");
        Assert.Equal(["checks:run", "read"], await ScopesAsync(runner));

        await client.DataAsync("mutation { updateRole(slug: \"runner\", scopes: [\"read\", \"queries:run\"]) { slug } }");
        Assert.Equal(["queries:run", "read"], await ScopesAsync(runner));

        Assert.Equal("CONFLICT", await client.ErrorCodeAsync("mutation { deleteRole(slug: \"runner\") }"));
        await client.DataAsync($"mutation {{ removeMember(userId: \"{runner.GlobalId}\") }}");
        Assert.Equal("runner", (await client.DataAsync("mutation { deleteRole(slug: \"runner\") }")).GetProperty("deleteRole").GetString());
        Assert.Equal("NOT_FOUND", await client.ErrorCodeAsync("mutation { deleteRole(slug: \"runner\") }"));
        var roles = (await client.DataAsync("{ organization { roles { slug } } }")).GetProperty("organization").GetProperty("roles").EnumerateArray().Select(r => r.GetProperty("slug").GetString());
        Assert.Equal(Roles.BuiltIn, roles);
    }

    private async Task<List<string?>> ScopesAsync(TestUser user)
    {
        // Changes made through the graph are forgotten at once on this node; the 4 s cache bounds other nodes.
        var me = await user.Client(api).DataAsync("{ me { scopes } }");
        return me.GetProperty("me").GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).Order().ToList();
    }

    [Fact]
    public async Task CreateRole_WithABuiltInSlugUnknownScopesOrATakenSlug_IsRefused()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = (await TestUser.CreateAsync(api, tenant, Roles.Owner)).Client(api);

        Assert.Equal("VALIDATION", await client.ErrorCodeAsync("mutation { createRole(slug: \"admin\", name: \"A\", scopes: [\"read\"]) { slug } }"));
        Assert.Equal("VALIDATION", await client.ErrorCodeAsync("mutation { createRole(slug: \"Bad Slug\", name: \"A\", scopes: [\"read\"]) { slug } }"));
        Assert.Equal("VALIDATION", await client.ErrorCodeAsync("mutation { createRole(slug: \"x\", name: \"A\", scopes: [\"root\"]) { slug } }"));
        Assert.Equal("VALIDATION", await client.ErrorCodeAsync("mutation { createRole(slug: \"x\", name: \"A\", scopes: []) { slug } }"));
        await client.DataAsync("mutation { createRole(slug: \"x\", name: \"A\", scopes: [\"read\"]) { slug } }");
        Assert.Equal("CONFLICT", await client.ErrorCodeAsync("mutation { createRole(slug: \"x\", name: \"B\", scopes: [\"read\"]) { slug } }"));
        Assert.Equal("VALIDATION", await client.ErrorCodeAsync("mutation { updateRole(slug: \"x\", scopes: [\"nope\"]) { slug } }"));
    }
}
