using System.Net.Http.Headers;
using DqPlatform.TestSupport;
using Npgsql;

namespace DqPlatform.Bench;

/// <summary>
/// The API as the job benchmarks need it: its own process with one Hangfire worker and no rate limit, a tenant with a
/// key, and a connection to a PostgreSQL source database created through GraphQL.
/// </summary>
public sealed class WorkerApi(ApiProcess process, HttpClient http, Guid workspaceId, string connectionId) : IAsyncDisposable
{
    public ApiProcess Process => process;

    public HttpClient Http => http;

    public Guid WorkspaceId => workspaceId;

    public string ConnectionId => connectionId;

    public static async Task<WorkerApi> StartAsync(PostgresDatabase database, string source, IReadOnlyDictionary<string, string>? settings = null)
    {
        Guid workspaceId;
        string apiKey;
        await using (var db = database.CreateDqContext())
        {
            (workspaceId, apiKey) = await TestData.CreateTenantAsync(db, "bench");
        }

        var worker = new Dictionary<string, string> { ["Dqp__Jobs__WorkerCount"] = "1", ["Dqp__Jobs__QueuePollInterval"] = "00:00:01" };
        var redis = (await TestServers.RedisAsync()).ConnectionString;
        var process = await BenchApi.StartAsync(database.ConnectionString, redis, worker.Concat(settings ?? new Dictionary<string, string>()));
        var http = new HttpClient { BaseAddress = new Uri(process.BaseUrl), Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        var b = new NpgsqlConnectionStringBuilder(source);
        var config = new { host = b.Host, port = b.Port, database = b.Database, user = b.Username, password = b.Password, sslMode = "Disable" };
        var created = await EngineBench.GraphQLAsync(http, "mutation($c: JSON!) { createConnection(input: {name: \"bench\", type: POSTGRESQL, config: $c}) { id } }", new { c = config });
        return new WorkerApi(process, http, workspaceId, created.GetProperty("createConnection").GetProperty("id").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await process.DisposeAsync();
    }
}
