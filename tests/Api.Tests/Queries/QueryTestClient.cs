using System.Text.Json;

namespace DqPlatform.Api.Tests.Queries;

/// <summary>runQuery and friends as a client sends them, for one tenant and one source connection.</summary>
public sealed class QueryTestClient(GraphQLClient client, string connectionId)
{
    public const string ResultFields = "id mode status sqlHash outputFormat outputLocation rowCount bytes durationMs errorCode errorMessage taskId downloadUrl audit { datasetId columnsAccessed resultRowCount taskId queryResultId }";

    public GraphQLClient GraphQL => client;

    public string ConnectionId => connectionId;

    public static async Task<QueryTestClient> CreateAsync(GraphQLClient client, object sourceConfig)
    {
        var created = await client.DataAsync(
            "mutation($config: JSON!) { createConnection(input: {name: \"source\", type: POSTGRESQL, config: $config}) { id } }", new { config = sourceConfig });
        return new QueryTestClient(client, created.GetProperty("createConnection").GetProperty("id").GetString()!);
    }

    public static object Input(string connectionId, string sql, object[]? parameters = null, string mode = "INTERACTIVE", string format = "JSON", int? maxRows = null, int? timeoutSeconds = null) =>
        new { connectionId, sql, parameters, mode, format, maxRows, timeoutSeconds };

    public Task<(System.Net.Http.HttpResponseMessage Response, JsonElement Body)> SendAsync(object input) =>
        client.SendAsync($"mutation($input: RunQueryInput!) {{ runQuery(input: $input) {{ columns {{ name sourceType }} rows truncated result {{ {ResultFields} }} }} }}", new { input });

    /// <summary>Runs and fails the test on a GraphQL error; answers the payload.</summary>
    public async Task<JsonElement> RunAsync(string sql, object[]? parameters = null, string mode = "INTERACTIVE", string format = "JSON", int? maxRows = null, int? timeoutSeconds = null)
    {
        var (_, body) = await SendAsync(Input(connectionId, sql, parameters, mode, format, maxRows, timeoutSeconds));
        Assert.False(body.TryGetProperty("errors", out var errors), errors.ToString());
        return body.GetProperty("data").GetProperty("runQuery");
    }

    /// <summary>Runs and answers the GraphQL error code (the run must have been refused).</summary>
    public async Task<string?> RefusedAsync(string sql, object[]? parameters = null, string mode = "INTERACTIVE")
    {
        var (_, body) = await SendAsync(Input(connectionId, sql, parameters, mode));
        Assert.True(body.TryGetProperty("errors", out var errors), "expected a refusal, got " + body);
        return errors[0].GetProperty("extensions").GetProperty("code").GetString();
    }

    public async Task<JsonElement> ResultAsync(string id) =>
        (await client.DataAsync($"{{ node(id: \"{id}\") {{ ... on QueryResult {{ {ResultFields} }} }} }}")).GetProperty("node");

    public async Task<JsonElement> WaitAsync(string id, params string[] states)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var result = await ResultAsync(id);
            if (states.Contains(result.GetProperty("status").GetString()))
            {
                return result;
            }

            Assert.True(DateTime.UtcNow < deadline, $"query {id} still {result.GetProperty("status")} after 120 s");
            await Task.Delay(100);
        }
    }
}
