using DqPlatform.Domain.People;
using DqPlatform.GraphQL.Relay;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DqPlatform.Api.Tests.People;

/// <summary>deleteWorkspace keeps the organization's last workspace even when two deletes race.</summary>
public sealed class WorkspaceDeleteRaceTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    /// <summary>
    /// An organization with two workspaces, each deleted at once from inside the other (a call may not delete its own
    /// workspace). A third session holds both workspace rows until both deletes wait, so without the organization's
    /// lock both would have checked that another workspace is left before either deleted: exactly one succeeds.
    /// </summary>
    [Fact]
    public async Task TwoDeletesOfTheLastTwoWorkspacesAtOnce_LeaveOne()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var owner = await TestUser.CreateAsync(api, tenant, Roles.Owner);
        var other = (await owner.Client(api).DataAsync("mutation { createWorkspace(name: \"other\") { id } }")).GetProperty("createWorkspace").GetProperty("id").GetString()!;
        GlobalId.TryDecode(other, out _, out Guid otherId);
        var (_, keyInOther) = await TestUser.PersonalKeyAsync(api, owner.Id, otherId, [.. DqPlatform.Domain.Tenancy.ApiKeyScopes.All]);
        await api.GraphQL(keyInOther).DataAsync("{ workspace { name } }");

        await using var blocker = new NpgsqlConnection(api.Database.ConnectionString);
        await blocker.OpenAsync();
        var hold = await blocker.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("SELECT 1 FROM dq.workspaces WHERE id = ANY($1) FOR NO KEY UPDATE", blocker, hold))
        {
            command.Parameters.AddWithValue(new[] { tenant.WorkspaceId, otherId });
            await command.ExecuteNonQueryAsync();
        }

        var deletes = new[]
        {
            owner.Client(api).SendAsync($"mutation {{ deleteWorkspace(id: \"{other}\") }}"),
            api.GraphQL(keyInOther).SendAsync($"mutation {{ deleteWorkspace(id: \"{owner.WorkspaceGlobalId}\") }}"),
        };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await WaitingAsync(blocker) < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "both deletes did not reach their locks within 30 s");
            var done = deletes.FirstOrDefault(d => d.IsCompleted);
            Assert.True(done is null, "a delete finished before the lock was released: " + done?.Result.Body);
            await Task.Delay(50);
        }

        await hold.CommitAsync();
        var answers = await Task.WhenAll(deletes);

        var codes = answers.Select(a => a.Body.TryGetProperty("errors", out var e) ? e[0].GetProperty("extensions").GetProperty("code").GetString() : "OK").Order().ToList();
        Assert.Equal(["CONFLICT", "OK"], codes);
        await using var db = api.Database.CreateDqContext();
        Assert.Equal(1, await db.Workspaces.CountAsync(w => w.OrganizationId == tenant.OrganizationId));
    }

    // Sessions waiting on this one's locks, or on a session that does (their query text is the platform role's to see).
    private static async Task<long> WaitingAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("""
            WITH blocked AS (SELECT pid FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid)))
            SELECT count(*) FROM pg_stat_activity a
            WHERE a.pid IN (SELECT pid FROM blocked)
               OR EXISTS (SELECT FROM blocked b WHERE b.pid = ANY(pg_blocking_pids(a.pid)))
            """, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
