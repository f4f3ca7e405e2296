using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Tests.Auth;

/// <summary>A connection password is in no stored byte, no GraphQL response and no log line.</summary>
public sealed class SecretsNeverLeakTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    [Fact]
    public async Task ConnectionSecrets_AreNotInStorageResponsesOrLogs()
    {
        const string password = "Sup3r-Secret-Passw0rd";
        const string token = "tok-9f8e7d6c5b4a";
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.GraphQL(tenant.ApiKey);
        var responses = new List<string>();
        var (_, created) = await client.SendAsync("mutation($c: JSON!) { createConnection(input: {name: \"prod\", type: SQLSERVER, config: $c}) { id config } }",
            new { c = new { host = "db", user = "dq", password, nested = new { apiToken = token } } });
        responses.Add(created.ToString());
        var id = created.GetProperty("data").GetProperty("createConnection").GetProperty("id").GetString();
        responses.Add((await client.SendAsync($"{{ node(id: \"{id}\") {{ ... on Connection {{ config }} }} connections {{ nodes {{ config }} }} auditLog {{ nodes {{ changes }} }} }}")).Body.ToString());
        responses.Add((await client.SendAsync($"mutation {{ updateConnection(input: {{id: \"{id}\", config: {{host: \"db2\", password: \"{password}\"}}}}) {{ config }} }}")).Body.ToString());

        await using var db = api.Database.CreateDqContext();
        var stored = await db.Connections.AsNoTracking().Where(c => c.WorkspaceId == tenant.WorkspaceId).Select(c => c.ConfigEncrypted).SingleAsync();
        var audit = string.Join('\n', await db.AuditLog.AsNoTracking().Where(a => a.WorkspaceId == tenant.WorkspaceId).Select(a => a.Changes).ToListAsync());

        foreach (var secret in new[] { password, token })
        {
            Assert.DoesNotContain(secret, System.Text.Encoding.UTF8.GetString(stored), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, System.Text.Encoding.Latin1.GetString(stored), StringComparison.Ordinal);
            Assert.All(responses, r => Assert.DoesNotContain(secret, r, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, audit, StringComparison.Ordinal);
            Assert.DoesNotContain(api.Logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
        }

        Assert.Contains("\"host\":\"db2\"", responses[2], StringComparison.Ordinal);
        Assert.NotEmpty(api.Logs.Lines);
    }
}
