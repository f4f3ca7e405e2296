using System.Globalization;
using System.Text.RegularExpressions;
using DqPlatform.Api.Tests.Checks;
using Microsoft.AspNetCore.Hosting;

namespace DqPlatform.Api.Tests.Telemetry;

/// <summary>The API with its Hangfire server and a source database, and room for a few hundred requests in a row.</summary>
public sealed class MetricsApiFactory : CheckEngineFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Dqp:RateLimit:Burst", "2000");
        builder.UseSetting("Dqp:RateLimit:Workspace:Burst", "2000");
        builder.UseSetting("Dqp:RateLimit:Organization:Burst", "2000");
    }
}

/// <summary><c>/metrics</c> after real traffic: the product's instruments in Prometheus' text format, and no tenant's names.</summary>
[Collection(HangfireServersCollection.Name)]
public sealed partial class MetricsEndpointTests(MetricsApiFactory api) : IClassFixture<MetricsApiFactory>
{
    [Fact]
    public async Task Metrics_AfterOperationsAndAFailingCheck_CountsThemByOutcome()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.GraphQL(tenant.ApiKey);
        var secretName = "tenant-name-" + Guid.NewGuid().ToString("N");
        var connectionId = (await client.DataAsync(
            "mutation($config: JSON!, $n: String!) { createConnection(input: {name: $n, type: POSTGRESQL, config: $config}) { id } }",
            new { config = api.SourceConfig(), n = secretName })).GetProperty("createConnection").GetProperty("id").GetString()!;
        var checkId = (await client.DataAsync(
            "mutation($c: ID!, $n: String!, $cfg: JSON!) { createCheck(input: {connectionId: $c, name: $n, checkType: \"row_count\", targetTable: \"orders\", config: $cfg, severity: WARNING}) { id } }",
            new { c = connectionId, n = secretName, cfg = new { max = 1 } })).GetProperty("createCheck").GetProperty("id").GetString()!;

        var before = await ScrapeAsync();
        var runsBefore = Sum(before, "dqp_check_runs_total", "outcome=\"failed\"");
        var openedBefore = Sum(before, "dqp_incidents_opened_total", "severity=\"warning\"");

        await client.DataAsync("query MetricsProbe { __typename }");
        var (_, broken) = await client.SendAsync("query MetricsBroken { noSuchField }");
        var (_, badInput) = await client.SendAsync("mutation MetricsBadInput { runCheck(id: \"not-an-id\") { id } }");
        // The outcome label is the code clients see, not the engine's own (FIELDS_ON_CORRECT_TYPE, a driver's).
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", CodeOf(broken));
        Assert.Equal("BAD_USER_INPUT", CodeOf(badInput));
        var jobId = (await client.DataAsync("mutation RunForMetrics($id: ID!) { runCheck(id: $id) { id } }", new { id = checkId }))
            .GetProperty("runCheck").GetProperty("id").GetString()!;
        await WaitForJobAsync(client, jobId);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        string text;
        while (true)
        {
            text = await ScrapeAsync();
            if (Sum(text, "dqp_check_runs_total", "outcome=\"failed\"") > runsBefore && Sum(text, "dqp_incidents_opened_total", "severity=\"warning\"") > openedBefore)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "check run and incident not counted after 30 s:\n" + text);
            await Task.Delay(500);
        }

        Assert.True(Sum(text, "dqp_graphql_operations_total", "graphql_operation_name=\"MetricsProbe\"", "graphql_operation_type=\"query\"", "outcome=\"ok\"") >= 1, text);
        Assert.True(Sum(text, "dqp_graphql_operations_total", "graphql_operation_name=\"RunForMetrics\"", "graphql_operation_type=\"mutation\"", "outcome=\"ok\"") >= 1, text);
        Assert.True(Sum(text, "dqp_graphql_operations_total", "graphql_operation_name=\"MetricsBadInput\"", "graphql_operation_type=\"mutation\"", "outcome=\"BAD_USER_INPUT\"") >= 1, text);
        // A document that did not validate is counted by the code its client got, not under the name it gave.
        Assert.Empty(Lines(text, "dqp_graphql_operations_total", "graphql_operation_name=\"MetricsBroken\""));
        Assert.True(Sum(text, "dqp_graphql_operations_total", "graphql_operation_name=\"(unvalidated)\"", "graphql_operation_type=\"query\"", "outcome=\"GRAPHQL_VALIDATION_FAILED\"") >= 1, text);
        // Durations by type and outcome only: buckets times operation names would be too many series.
        Assert.NotEmpty(Lines(text, "dqp_graphql_operation_duration_seconds_bucket", "graphql_operation_type=\"query\"", "outcome=\"ok\""));
        Assert.DoesNotContain(Lines(text, "dqp_graphql_operation_duration_seconds_bucket"), line => line.Contains("graphql_operation_name", StringComparison.Ordinal));
        Assert.NotEmpty(Lines(text, "dqp_graphql_execution_queued"));
        Assert.NotEmpty(Lines(text, "dqp_graphql_websocket_connections"));
        Assert.NotEmpty(Lines(text, "dqp_jobs", "state=\"succeeded\""));
        Assert.NotEmpty(Lines(text, "http_server_request_duration_seconds_bucket"));

        // Labels are the server's own vocabulary: no workspace, no names a tenant typed.
        Assert.DoesNotContain(secretName, text, StringComparison.Ordinal);
        Assert.DoesNotContain(tenant.WorkspaceId.ToString(), text, StringComparison.OrdinalIgnoreCase);
        // Nor where a tenant's source is (connection pools are named by their connection strings).
        Assert.DoesNotContain(new Npgsql.NpgsqlConnectionStringBuilder(api.SourceConnectionString).Database!, text, StringComparison.Ordinal);
    }

    /// <summary>
    /// Operation names are client text: documents that fail validation, or run without a caller, take no series of
    /// their own (else anyone could fill the named slots, or /metrics, with names of their choosing).
    /// </summary>
    [Fact]
    public async Task OperationNames_OfInvalidOrCallerlessDocuments_CreateNoSeries()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.GraphQL(tenant.ApiKey);
        var prefix = "Squat" + Guid.NewGuid().ToString("N")[..12];
        var unvalidatedBefore = Sum(await ScrapeAsync(), "dqp_graphql_operations_total", "graphql_operation_name=\"(unvalidated)\"");

        const int names = 300;
        for (var i = 0; i < names; i++)
        {
            var (_, body) = await client.SendAsync($"query {prefix}{i} {{ noSuchField }}");
            Assert.Equal("GRAPHQL_VALIDATION_FAILED", CodeOf(body));
        }

        // Valid, but without a caller.
        var (_, callerless) = await api.GraphQL(null).SendAsync($"query {prefix}Callerless {{ __typename }}");
        Assert.False(callerless.TryGetProperty("errors", out _), callerless.ToString());
        await client.DataAsync($"query {prefix}Counted {{ __typename }}");

        // The exporter serves a scrape from its cache for a moment (300 ms by default), so a fast machine can read the
        // first scrape's text again: scrape until the positive control shows, then judge that text.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var text = await ScrapeAsync();
        while (Sum(text, "dqp_graphql_operations_total", $"graphql_operation_name=\"{prefix}Counted\"") < 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            text = await ScrapeAsync();
        }

        Assert.True(Sum(text, "dqp_graphql_operations_total", "graphql_operation_name=\"(unvalidated)\"") >= unvalidatedBefore + names, text);
        Assert.True(Sum(text, "dqp_graphql_operations_total", "graphql_operation_name=\"(other)\"", "outcome=\"ok\"") >= 1, text);
        // The positive control: a validated operation of an authenticated caller keeps its name.
        Assert.True(Sum(text, "dqp_graphql_operations_total", $"graphql_operation_name=\"{prefix}Counted\"") >= 1, text);
        Assert.Single(text.Split('\n'), line => line.Contains(prefix, StringComparison.Ordinal) && !line.StartsWith('#'));
    }

    private static string? CodeOf(System.Text.Json.JsonElement body) =>
        body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString();

    private async Task<string> ScrapeAsync()
    {
        using var response = await api.CreateClient().GetAsync(new Uri("/metrics", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task WaitForJobAsync(GraphQLClient client, string jobId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var status = (await client.DataAsync($"{{ node(id: \"{jobId}\") {{ ... on Job {{ status }} }} }}")).GetProperty("node").GetProperty("status").GetString();
            if (status is "COMPLETED" or "FAILED")
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"job still {status} after 60 s");
            await Task.Delay(200);
        }
    }

    private static List<string> Lines(string text, string metric, params string[] labels) =>
        [.. text.Split('\n').Where(l => (l.StartsWith(metric + "{", StringComparison.Ordinal) || l.StartsWith(metric + " ", StringComparison.Ordinal))
            && labels.All(label => l.Contains(label, StringComparison.Ordinal)))];

    private static double Sum(string text, string metric, params string[] labels) =>
        Lines(text, metric, labels).Sum(l => double.Parse(Value().Match(l).Groups[1].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"\}?\s(\S+)(\s\d+)?$")]
    private static partial Regex Value();
}
