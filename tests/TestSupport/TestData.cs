using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Connections;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Persistence;

namespace DqPlatform.TestSupport;

/// <summary>Builds the minimum tenant → connection → check chain that most tests stand on.</summary>
public static class TestData
{
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
