using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Connections;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Persistence;

namespace DqPlatform.TestSupport;

/// <summary>Builds the minimum tenant → connection → check chain that most tests stand on.</summary>
public static class TestData
{
    /// <summary>An organization and workspace with an all-scopes API key; answers the workspace id and the key in full.</summary>
    public static async Task<(Guid WorkspaceId, string ApiKey)> CreateTenantAsync(DqDbContext db, string name)
    {
        var workspace = new Workspace { Organization = new Organization { Name = name }, Name = name };
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync();
        var (key, plaintext) = Infrastructure.Security.ApiKeyGenerator.Create(workspace.Id, "test", ApiKeyScopes.All);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        return (workspace.Id, plaintext);
    }

    public static async Task<CheckDefinition> CreateCheckAsync(DqDbContext db, string? name = null)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var organization = new Organization { Name = "org-" + suffix };
        var workspace = new Workspace { Organization = organization, Name = "ws-" + suffix };
        var connection = new Connection
        {
            Workspace = workspace,
            Name = "warehouse",
            Type = ConnectionType.Postgresql,
            ConfigEncrypted = [1, 2, 3],
        };
        var check = new CheckDefinition
        {
            Connection = connection,
            Name = name ?? "orders-not-empty",
            CheckType = "row_count",
            TargetType = CheckTargetType.Table,
            TargetSchema = "public",
            TargetTable = "orders",
            Severity = CheckSeverity.Fatal,
        };
        db.CheckDefinitions.Add(check);
        await db.SaveChangesAsync();
        return check;
    }
}
