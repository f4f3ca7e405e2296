using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Connections;
using DqPlatform.Domain.Jobs;
using DqPlatform.GraphQL.Relay;
using DqPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit.Abstractions;

namespace DqPlatform.Api.Tests.Resilience;

/// <summary>A check run that can never succeed (its connection config no configured key decrypts) fails once, with its reason.</summary>
[Collection(Checks.HangfireServersCollection.Name)]
public sealed class PermanentJobFailureTests(DqApiFactory api, ITestOutputHelper output) : IClassFixture<DqApiFactory>
{
    [Fact]
    public async Task RunCheck_OnConfigSealedWithARemovedKey_FailsOnceWithTheReason()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var checkId = await CheckOnConfigSealedWithAsync(tenant, keyId: "retired");
        await using var node = await ApiProcess.StartAsync(api.Database.ConnectionString, api.RedisConnectionString, api.EncryptionKey,
            new Dictionary<string, string> { ["Dqp__Jobs__QueuePollInterval"] = "00:00:01" });
        using var http = new HttpClient { BaseAddress = new Uri(node.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.ApiKey);

        using var response = await http.PostAsJsonAsync("/graphql", new { query = $"mutation {{ runCheck(id: \"{GlobalId.Encode("CheckDefinition", checkId)}\") {{ id status }} }}" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.TryGetProperty("errors", out var errors), errors.ToString());

        var job = await FinishedJobAsync(checkId);
        var (state, attempts) = await HangfireStateAsync(job.BackgroundJobId!);
        await using var db = api.Database.CreateDqContext();
        var results = await db.CheckResults.AsNoTracking().Where(r => r.CheckId == checkId).ToListAsync();
        output.WriteLine($"Undecryptable config: job {job.Status} with '{job.ErrorMessage}'; Hangfire job {state} after {attempts} attempt(s); {results.Count} result(s) stored");

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains("cannot be decrypted", job.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("'retired'", job.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(1, attempts);
        Assert.NotEqual("Scheduled", state);
        var result = Assert.Single(results);
        Assert.False(result.RulePassed);
        Assert.Equal(job.ErrorMessage, result.ErrorMessage);
    }

    // The envelope of ConnectionConfigProtector (version, key id, nonce, tag, ciphertext) under a key no node has.
    private async Task<Guid> CheckOnConfigSealedWithAsync(TestTenant tenant, string keyId)
    {
        var id = Encoding.UTF8.GetBytes(keyId);
        byte[] sealedConfig = [1, (byte)id.Length, .. id, .. new byte[12 + 16], .. Encoding.UTF8.GetBytes("{\"host\":\"x\"}")];
        await using var db = api.Database.CreateDqContext();
        var check = new CheckDefinition
        {
            Connection = new Connection { WorkspaceId = tenant.WorkspaceId, Name = "sealed-" + keyId, Type = ConnectionType.Postgresql, ConfigEncrypted = sealedConfig },
            Name = "rows",
            CheckType = "row_count",
            TargetType = CheckTargetType.Table,
            TargetSchema = "public",
            TargetTable = "orders",
            Severity = CheckSeverity.Warning,
            Enabled = true,
        };
        db.CheckDefinitions.Add(check);
        await db.SaveChangesAsync();
        return check.Id;
    }

    private async Task<Job> FinishedJobAsync(Guid checkId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await using var db = api.Database.CreateDqContext();
            var job = await db.Jobs.AsNoTracking().SingleAsync(j => j.CheckId == checkId);
            if (job.Status is JobStatus.Failed or JobStatus.Completed)
            {
                return job;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the job is still {job.Status}");
            await Task.Delay(200);
        }
    }

    // Its current state (a retry would be Scheduled) and how many times a worker took it up.
    private async Task<(string State, long Attempts)> HangfireStateAsync(string backgroundJobId)
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT j.statename, (SELECT count(*) FROM hangfire.state s WHERE s.jobid = j.id AND s.name = 'Processing')
            FROM hangfire.job j WHERE j.id = @id
            """, connection);
        command.Parameters.AddWithValue("id", long.Parse(backgroundJobId, System.Globalization.CultureInfo.InvariantCulture));
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "no Hangfire job " + backgroundJobId);
        return (reader.GetString(0), reader.GetInt64(1));
    }
}
