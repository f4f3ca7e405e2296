using DqPlatform.Domain.People;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Security;

namespace DqPlatform.Api.Tests.People;

/// <summary>
/// A user with a role in a workspace, made straight in the database (as sign-in would provision them), acting through
/// a personal key: the same <see cref="Caller"/> the identity provider's path produces (<c>UserAccess</c>). Owner is
/// held organization-wide; every other role as a workspace membership.
/// </summary>
public sealed record TestUser(Guid Id, string GlobalId, string Email, Guid OrganizationId, Guid WorkspaceId, Guid KeyId, string Key)
{
    public static async Task<TestUser> CreateAsync(DqApiFactory api, TestTenant tenant, string role, Guid? workspaceId = null, string[]? keyScopes = null)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var user = new User { Id = Guid.CreateVersion7(), Issuer = "https://idp.test", ExternalId = "sub-" + suffix, Email = $"{role}-{suffix}@example.com", Name = $"{role} {suffix}" };
        var workspace = workspaceId ?? tenant.WorkspaceId;
        await using var db = api.Database.CreateDqContext();
        db.Users.Add(user);
        db.OrganizationMembers.Add(new OrganizationMember { OrganizationId = tenant.OrganizationId, UserId = user.Id, Role = role == Roles.Owner ? Roles.Owner : null });
        if (role != Roles.Owner)
        {
            db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = workspace, UserId = user.Id, Role = role });
        }

        await db.SaveChangesAsync();
        var (key, plaintext) = await PersonalKeyAsync(api, user.Id, workspace, keyScopes ?? [.. ApiKeyScopes.All]);
        return new TestUser(user.Id, DqPlatform.GraphQL.Relay.GlobalId.Encode("User", user.Id), user.Email, tenant.OrganizationId, workspace, key, plaintext);
    }

    /// <summary>A personal key of <paramref name="userId"/> in <paramref name="workspaceId"/>, whether or not the user reaches it.</summary>
    public static async Task<(Guid Id, string Key)> PersonalKeyAsync(DqApiFactory api, Guid userId, Guid workspaceId, string[] scopes)
    {
        await using var db = api.Database.CreateDqContext();
        var (key, plaintext) = ApiKeyGenerator.Create(workspaceId, "personal", scopes, principalId: userId);
        key.UserId = userId;
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        return (key.Id, plaintext);
    }

    public GraphQLClient Client(DqApiFactory api) => api.GraphQL(Key);

    public string WorkspaceGlobalId => DqPlatform.GraphQL.Relay.GlobalId.Encode("Workspace", WorkspaceId);
}
