using DqPlatform.Api.Tests.Checks;
using DqPlatform.Infrastructure.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Xunit.Abstractions;

namespace DqPlatform.Api.Tests.Queries;

/// <summary>
/// Issue 29: a pile of one workspace's batch queries that never finish (they wait on a table the test holds) takes
/// no more than its workspace's batch slots, so another workspace's check and batch query run meanwhile.
/// </summary>
[Collection(HangfireServersCollection.Name)]
public sealed class BatchPileTests(QueryServiceFactory api, ITestOutputHelper output) : IClassFixture<QueryServiceFactory>
{
    private const int Pile = 4; // within the default quota of concurrent batch queries (5)

    [Fact]
    public async Task RunQuery_BehindAnotherWorkspacesPileOfBatches_CheckAndBatchOfTheQuietWorkspaceFinish()
    {
        var settings = api.Services.GetRequiredService<IOptions<JobsOptions>>().Value;
        var table = "held_" + Guid.NewGuid().ToString("N")[..8];
        await api.ExecuteOnSourceAsync($"CREATE TABLE {table} (id int); INSERT INTO {table} VALUES (1);");
        var pile = await QueryTestClient.CreateAsync(api.GraphQL((await TestTenant.CreateAsync(api)).ApiKey), api.SourceConfig());
        var quietTenant = await TestTenant.CreateAsync(api);
        var quiet = await QueryTestClient.CreateAsync(api.GraphQL(quietTenant.ApiKey), api.SourceConfig());

        await using var source = new NpgsqlConnection(api.SourceConnectionString);
        await source.OpenAsync();
        await using var hold = await source.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand($"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE", source, hold))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var piled = new List<string>();
        for (var i = 0; i < Pile; i++)
        {
            var queued = await pile.RunAsync($"SELECT count(*) AS n, {i} AS i FROM {table}", mode: "BATCH", format: "CSV");
            piled.Add(queued.GetProperty("result").GetProperty("id").GetString()!);
        }

        await WaitUntilAsync(async () => await PileAsync("Running") == settings.BatchWorkspaceCap,
            async () => string.Join(", ", await Task.WhenAll(piled.Select(async p => (await pile.ResultAsync(p)).ToString()))));

        // Under the pile: the quiet workspace's batch query and check both finish, and the pile keeps to its slots.
        var batch = await quiet.RunAsync("SELECT count(*) AS n FROM orders", mode: "BATCH", format: "CSV");
        var check = (await quiet.GraphQL.DataAsync(
            $"mutation {{ createCheck(input: {{connectionId: \"{quiet.ConnectionId}\", name: \"rows\", checkType: \"row_count\", targetTable: \"orders\", config: {{min: 1}}}}) {{ id }} }}"))
            .GetProperty("createCheck").GetProperty("id").GetString()!;
        var job = (await quiet.GraphQL.DataAsync($"mutation {{ runCheck(id: \"{check}\") {{ id }} }}")).GetProperty("runCheck").GetProperty("id").GetString()!;
        var mostRunning = 0L;
        await WaitUntilAsync(async () =>
        {
            mostRunning = Math.Max(mostRunning, await PileAsync("Running"));
            var jobStatus = (await quiet.GraphQL.DataAsync($"{{ node(id: \"{job}\") {{ ... on Job {{ status }} }} }}")).GetProperty("node").GetProperty("status").GetString();
            return jobStatus == "COMPLETED" && (await quiet.ResultAsync(batch.GetProperty("result").GetProperty("id").GetString()!)).GetProperty("status").GetString() == "SUCCEEDED";
        });
        var stillPiled = await PileAsync("Queued");
        output.WriteLine($"quiet workspace's check and batch finished with the pile at {mostRunning} running (cap {settings.BatchWorkspaceCap}, node batch cap {settings.BatchWorkerCap}), {stillPiled} of {Pile} still queued");
        Assert.InRange(mostRunning, 1, settings.BatchWorkspaceCap);
        Assert.Equal(Pile - settings.BatchWorkspaceCap, stillPiled);

        // Let go: the whole pile runs, a slot at a time.
        await hold.CommitAsync();
        foreach (var id in piled)
        {
            Assert.Equal("SUCCEEDED", (await pile.WaitAsync(id, "SUCCEEDED", "FAILED")).GetProperty("status").GetString());
        }

        async Task<long> PileAsync(string status)
        {
            await using var platform = new NpgsqlConnection(api.Database.ConnectionString);
            await platform.OpenAsync();
            await using var count = new NpgsqlCommand(
                $"SELECT count(*) FROM data.query_results WHERE id = ANY ($1) AND status = '{status}'", platform);
            count.Parameters.AddWithValue(piled.Select(p => DqPlatform.GraphQL.Relay.GlobalId.TryDecode(p, out _, out Guid g) ? g : Guid.Empty).ToArray());
            return (long)(await count.ExecuteScalarAsync())!;
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, Func<Task<string>>? state = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the runs did not get there in time: " + (state is null ? "" : await state()));
            await Task.Delay(100);
        }
    }
}
