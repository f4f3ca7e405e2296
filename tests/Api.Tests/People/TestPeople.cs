using DqPlatform.Domain.People;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Security;

namespace DqPlatform.Api.Tests.People;

/// <summary>Users and personal keys made straight in the database, as provisioning would leave them.</summary>
public static class TestPeople
{
    /// <summary>A user of <paramref name="tenant"/>'s organization with <paramref name="role"/> in its workspace.</summary>
    public static async Task<Guid> UserAsync(DqApiFactory api, TestTenant tenant, string role = Roles.Editor, string? name = "Ada Lovelace", string? email = null)
    {
        await using var db = api.Database.CreateDqContext();
        var user = new User { Issuer = "https://idp.test", ExternalId = Guid.NewGuid().ToString("N"), Name = name, Email = email ?? $"{Guid.NewGuid():N}@example.com" };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        db.OrganizationMembers.Add(new OrganizationMember { OrganizationId = tenant.OrganizationId, UserId = user.Id });
        db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = tenant.WorkspaceId, UserId = user.Id, Role = role });
        await db.SaveChangesAsync();
        return user.Id;
    }

    /// <summary>A personal key of <paramref name="userId"/> in <paramref name="tenant"/>'s workspace: it acts for the user.</summary>
    public static async Task<Guid> PersonalKeyAsync(DqApiFactory api, TestTenant tenant, Guid userId)
    {
        await using var db = api.Database.CreateDqContext();
        var (key, _) = ApiKeyGenerator.Create(tenant.WorkspaceId, "laptop", ApiKeyScopes.All, principalId: userId);
        key.UserId = userId;
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        return key.Id;
    }

    /// <summary>The bearer the test server takes for a signed-in user (see <see cref="ActorApiFactory"/>).</summary>
    public static string UserBearer(Guid userId, TestTenant tenant) => $"user:{userId}:{tenant.WorkspaceId}";

    public static string PersonalKeyBearer(Guid keyId) => $"personal:{keyId}";
}
