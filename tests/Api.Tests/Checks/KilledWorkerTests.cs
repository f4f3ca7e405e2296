using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DqPlatform.Domain.Jobs;
using DqPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DqPlatform.Api.Tests.Checks;

/// <summary>A worker process killed in the middle of a run: another process finishes the job; it never stays running.</summary>
[Collection(HangfireServersCollection.Name)]
public sealed class KilledWorkerTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Dqp__Jobs__InvisibilityTimeout"] = "00:00:08",
        ["Dqp__Jobs__QueuePollInterval"] = "00:00:01",
        ["Dqp__Checks__SensorTimeout"] = "00:00:30",
    };

    [Fact]
    public async Task RunCheck_WhenWorkerIsKilledMidSensor_EndsCompletedOrFailedNeverRunning()
    {
        var sourceName = "dqp_src_" + Guid.NewGuid().ToString("N")[..12];
        var source = await PostgresDatabase.CreateEmptyAsync(sourceName);
        var redis = (await TestServers.RedisAsync()).ConnectionString;
        var encryptionKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        try
        {
            var apiKey = await CreateTenantAsync();
            string jobId;
            await using (var first = await ApiProcess.StartAsync(database.ConnectionString, redis, encryptionKey, Settings))
            {
                using var http = Client(first, apiKey);
                var b = new NpgsqlConnectionStringBuilder(source);
                var connection = await GraphQLAsync(http, "mutation($c: JSON!) { createConnection(input: {name: \"src\", type: POSTGRESQL, config: $c}) { id } }",
                    new { c = new { host = b.Host, port = b.Port, database = b.Database, user = b.Username, password = b.Password, sslMode = "Disable" } });
                var connectionId = connection.GetProperty("createConnection").GetProperty("id").GetString();
                var check = await GraphQLAsync(http, "mutation($c: ID!) { createCheck(input: {connectionId: $c, name: \"slow\", checkType: \"custom_sql\", targetTable: \"t\", config: {sql: \"SELECT 1 FROM pg_sleep(5)\", max: 1}}) { id } }",
                    new { c = connectionId });
                var job = await GraphQLAsync(http, "mutation($id: ID!) { runCheck(id: $id) { id } }", new { id = check.GetProperty("createCheck").GetProperty("id").GetString() });
                jobId = job.GetProperty("runCheck").GetProperty("id").GetString()!;
                await WaitForAsync(JobStatus.Running, TimeSpan.FromSeconds(30));
            } // SIGKILL, mid-sensor

            Assert.Equal(JobStatus.Running, await StatusAsync());
            await using var second = await ApiProcess.StartAsync(database.ConnectionString, redis, encryptionKey, Settings);
            var final = await WaitForAsync(JobStatus.Completed, TimeSpan.FromSeconds(90), JobStatus.Failed);
            Assert.Contains(final, new[] { JobStatus.Completed, JobStatus.Failed });
            await using var db = database.CreateDqContext();
            Assert.Equal(1, await db.CheckResults.CountAsync());
        }
        finally
        {
            await PostgresDatabase.DropAsync(sourceName);
        }
    }

    private async Task<JobStatus> StatusAsync()
    {
        await using var db = database.CreateDqContext();
        return await db.Jobs.AsNoTracking().Select(j => j.Status).SingleAsync();
    }

    private async Task<JobStatus> WaitForAsync(JobStatus wanted, TimeSpan timeout, params JobStatus[] alsoFinal)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var status = await StatusAsync();
            if (status == wanted || alsoFinal.Contains(status))
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the job is still {status}");
            await Task.Delay(250);
        }
    }

    private async Task<string> CreateTenantAsync()
    {
        await using var db = database.CreateDqContext();
        return (await TestData.CreateTenantAsync(db, "killed")).ApiKey;
    }

    private static HttpClient Client(ApiProcess api, string apiKey)
    {
        var http = new HttpClient { BaseAddress = new Uri(api.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return http;
    }

    private static async Task<JsonElement> GraphQLAsync(HttpClient http, string query, object variables)
    {
        using var response = await http.PostAsync("/graphql", new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.TryGetProperty("errors", out var errors), errors.ToString());
        return body.GetProperty("data");
    }
}
