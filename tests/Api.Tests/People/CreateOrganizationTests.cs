using DqPlatform.Domain.People;
using DqPlatform.Domain.Tenancy;
using DqPlatform.GraphQL.Relay;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Tests.People;

/// <summary>Organizations are made by the configured platform operators, who own what they make; anyone else is FORBIDDEN.</summary>
public sealed class CreateOrganizationTests(PlatformOperatorFactory api) : IClassFixture<PlatformOperatorFactory>
{
    // An operator acting through a personal key needs one that holds org:admin: here its user owns the tenant.
    private async Task<TestUser> UserAsync(TestTenant tenant, Guid? id, string? subject)
    {
        var user = await TestUser.CreateAsync(api, tenant, Roles.Owner);
        await using var db = api.Database.CreateDqContext();
        if (subject is not null)
        {
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.ExternalId, subject));
        }

        if (id is not { } fixedId)
        {
            return user;
        }

        // The configured operator id: re-created under that id, with its membership and personal key.
        db.Users.Add(new User { Id = fixedId, Issuer = "https://idp.test", ExternalId = "op-" + fixedId.ToString("N"), Email = "op@example.com" });
        db.OrganizationMembers.Add(new OrganizationMember { OrganizationId = tenant.OrganizationId, UserId = fixedId, Role = Roles.Owner });
        db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = tenant.WorkspaceId, UserId = fixedId, Role = Roles.Viewer });
        await db.SaveChangesAsync();
        var (keyId, key) = await TestUser.PersonalKeyAsync(api, fixedId, tenant.WorkspaceId, [ApiKeyScopes.Read, ApiKeyScopes.OrganizationAdmin]);
        return user with { Id = fixedId, GlobalId = GlobalId.Encode("User", fixedId), KeyId = keyId, Key = key };
    }

    [Fact]
    public async Task CreateOrganization_ByAnOperator_MakesThemItsOwner_WithAFirstWorkspace()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var byId = await UserAsync(tenant, api.OperatorId, null);
        var bySubject = await UserAsync(tenant, null, api.OperatorSubject);
        var slug = "acme-" + Guid.NewGuid().ToString("N")[..6];

        var created = (await byId.Client(api).DataAsync($"mutation {{ createOrganization(name: \"Acme {slug}\", slug: \"{slug}\", workspaceName: \"main\") {{ id name }} }}"))
            .GetProperty("createOrganization");
        Assert.Equal($"Acme {slug}", created.GetProperty("name").GetString());
        await bySubject.Client(api).DataAsync($"mutation {{ createOrganization(name: \"Other {slug}\", slug: \"o{slug}\") {{ id }} }}");
        Assert.Equal("CONFLICT", await byId.Client(api).ErrorCodeAsync($"mutation {{ createOrganization(name: \"Third {slug}\", slug: \"{slug}\") {{ id }} }}"));
        Assert.Equal("VALIDATION", await byId.Client(api).ErrorCodeAsync("mutation { createOrganization(name: \"x\", slug: \"Not A Slug\") { id } }"));

        // Not with any key of theirs: a read-only personal key of the operator makes no organization.
        var (_, readOnly) = await TestUser.PersonalKeyAsync(api, api.OperatorId, tenant.WorkspaceId, [ApiKeyScopes.Read]);
        Assert.Equal("FORBIDDEN", await api.GraphQL(readOnly).ErrorCodeAsync($"mutation {{ createOrganization(name: \"Ro {slug}\", slug: \"r{slug}\") {{ id }} }}"));

        var me = (await byId.Client(api).DataAsync("{ me { organizations { id role } workspaces { name organizationId role } } }")).GetProperty("me");
        var owned = me.GetProperty("organizations").EnumerateArray().Single(o => o.GetProperty("id").GetString() == created.GetProperty("id").GetString());
        Assert.Equal("owner", owned.GetProperty("role").GetString());
        var first = me.GetProperty("workspaces").EnumerateArray().Single(w => w.GetProperty("organizationId").GetString() == created.GetProperty("id").GetString());
        Assert.Equal("main", first.GetProperty("name").GetString());

        // Audited in the new organization's log, by the operator: the organization, its first workspace and its owner.
        var orgId = GlobalId.TryDecode(created.GetProperty("id").GetString()!, out string _, out Guid o) ? o : Guid.Empty;
        await using var db = api.Database.CreateDqContext();
        var rows = await db.AuditLog.AsNoTracking().Where(a => a.OrganizationId == orgId).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["organization:create", "workspace:create", "organization_member:create"], rows.Select(r => $"{r.EntityType}:{r.Action}"));
        Assert.All(rows, r => Assert.Equal(byId.Id, r.UserId));
        Assert.Contains($"\"{slug}\"", rows[0].Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateOrganization_ByAnyoneElse_IsForbidden()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var owner = await TestUser.CreateAsync(api, tenant, Roles.Owner);

        Assert.Equal("FORBIDDEN", await owner.Client(api).ErrorCodeAsync("mutation { createOrganization(name: \"x\", slug: \"x\") { id } }"));
        Assert.Equal("FORBIDDEN", await api.GraphQL(tenant.ApiKey).ErrorCodeAsync("mutation { createOrganization(name: \"x\", slug: \"x\") { id } }"));
        Assert.Equal("UNAUTHENTICATED", await api.GraphQL(null).ErrorCodeAsync("mutation { createOrganization(name: \"x\", slug: \"x\") { id } }"));
    }
}
