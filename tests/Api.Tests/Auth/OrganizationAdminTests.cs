using DqPlatform.Domain.Tenancy;

namespace DqPlatform.Api.Tests.Auth;

public sealed class OrganizationAdminTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    [Fact]
    public async Task OrganizationAdmin_SeesAndCreatesWorkspacesOfItsOrganizationOnly()
    {
        var admin = await TestTenant.CreateAsync(api);
        var reader = await TestTenant.CreateAsync(api, ApiKeyScopes.Read, ApiKeyScopes.Write);
        var client = api.GraphQL(admin.ApiKey);

        var created = (await client.DataAsync("mutation { createWorkspace(name: \"analytics\") { id name organization { id } } }")).GetProperty("createWorkspace");
        var listed = (await client.DataAsync("{ organization { workspaces(order: [{name: ASC}]) { totalCount nodes { name } } } }"))
            .GetProperty("organization").GetProperty("workspaces");
        var readerView = (await api.GraphQL(reader.ApiKey).DataAsync("{ organization { workspaces { totalCount } } }"))
            .GetProperty("organization").GetProperty("workspaces");

        Assert.Equal("analytics", created.GetProperty("name").GetString());
        Assert.Equal(2, listed.GetProperty("totalCount").GetInt32());
        Assert.Equal("analytics", listed.GetProperty("nodes")[0].GetProperty("name").GetString());
        Assert.Equal(1, readerView.GetProperty("totalCount").GetInt32());
        Assert.Equal("FORBIDDEN", await api.GraphQL(reader.ApiKey).ErrorCodeAsync("mutation { createWorkspace(name: \"x\") { id } }"));
        Assert.Equal("CONFLICT", await client.ErrorCodeAsync("mutation { createWorkspace(name: \"analytics\") { id } }"));
    }
}
