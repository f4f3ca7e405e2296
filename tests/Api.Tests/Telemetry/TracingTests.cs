using System.Diagnostics;
using DqPlatform.Api.Tests.Checks;
using DqPlatform.GraphQL.Documents;
using Npgsql;

namespace DqPlatform.Api.Tests.Telemetry;

/// <summary>
/// One check run followed through its trace: the HTTP request, the GraphQL operation under it, the platform's database
/// calls, the Hangfire job it enqueued (same trace) and the sensor's source query (with rows) — and nowhere the
/// variables, the SQL or the source's password.
/// </summary>
[Collection(HangfireServersCollection.Name)]
public sealed class TracingTests(TracedApiFactory api) : IClassFixture<TracedApiFactory>
{
    private const string RunCheck = "mutation RunCanaryCheck($id: ID!) { runCheck(id: $id) { id } }";

    [Fact]
    public async Task RunCheck_TracedFromRequestToJobAndSource_WithoutVariablesOrSql()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.GraphQL(tenant.ApiKey);
        var canary = "canary" + Guid.NewGuid().ToString("N");
        var config = api.SourceConfig();
        // The test cluster trusts local connections; a password, when there is one, is as secret as the canary.
        var secrets = new[] { canary, config.GetType().GetProperty("password")!.GetValue(config) as string }.OfType<string>().Where(s => s.Length > 0).ToList();
        var connectionId = (await client.DataAsync(
            "mutation($config: JSON!) { createConnection(input: {name: \"source\", type: POSTGRESQL, config: $config}) { id } }",
            new { config })).GetProperty("createConnection").GetProperty("id").GetString()!;
        var checkId = (await client.DataAsync(
            "mutation($c: ID!, $n: String!, $cfg: JSON!) { createCheck(input: {connectionId: $c, name: $n, checkType: \"custom_sql\", targetTable: \"orders\", config: $cfg, severity: ERROR}) { id } }",
            new { c = connectionId, n = canary, cfg = new { sql = $"SELECT count(*) FROM orders WHERE customer_email <> '{canary}'", max = 0 } }))
            .GetProperty("createCheck").GetProperty("id").GetString()!;

        var traceId = ActivityTraceId.CreateRandom();
        var (response, body) = await client.SendAsync(RunCheck, new { id = checkId }, $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        Assert.False(body.TryGetProperty("errors", out _), body.ToString());

        var trace = await WaitForAsync(traceId, spans =>
            spans.Any(s => s.Source.Name == "DqPlatform" && s.OperationName == "source.query" && s.GetTagItem("dqp.source.rows") is not null)
            && spans.Any(s => s.Source.Name == "DqPlatform" && s.GetTagItem("dqp.job.type") is "CheckJob")
            && spans.Any(s => s.Source.Name == "Microsoft.AspNetCore"));

        var http = Assert.Single(trace, s => s.Source.Name == "Microsoft.AspNetCore");
        var operation = Assert.Single(trace, s => s.Source.Name == "DqPlatform.GraphQL");
        Assert.Equal(http.SpanId, operation.ParentSpanId);
        Assert.Equal("RunCanaryCheck", operation.GetTagItem("graphql.operation.name"));
        Assert.Equal("mutation", operation.GetTagItem("graphql.operation.type"));
        Assert.Equal(DocumentHash.Sha256(RunCheck), operation.GetTagItem("graphql.document.hash"));
        Assert.Equal("ok", operation.GetTagItem("dqp.graphql.outcome"));
        Assert.Contains(trace, s => s.Source.Name == "Npgsql" && IsUnder(s, operation, trace));

        var job = Assert.Single(trace, s => s.Source.Name == "DqPlatform" && s.GetTagItem("dqp.job.type") is "CheckJob");
        Assert.False(string.IsNullOrEmpty(job.GetTagItem("dqp.job.id") as string));
        var source = Assert.Single(trace, s => s.OperationName == "source.query");
        Assert.True(IsUnder(source, job, trace), "the sensor's query runs inside the job's span");
        Assert.Equal("PostgreSQL", source.GetTagItem("dqp.source.type"));
        Assert.Equal("sensor", source.GetTagItem("dqp.source.work"));
        Assert.Equal(1L, source.GetTagItem("dqp.source.rows"));
        // The driver's spans under a source query would carry the tenant's statement: not recorded.
        Assert.DoesNotContain(trace, s => s.ParentSpanId == source.SpanId);

        // Every span this process finished (this test's and any other), not only this trace's.
        foreach (var span in api.Spans.Snapshot())
        {
            Assert.Null(span.GetTagItem("db.query.text"));
            Assert.Null(span.GetTagItem("db.statement"));
            foreach (var text in Texts(span))
            {
                Assert.All(secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public async Task FailingOperation_IsTracedWithItsErrorCode()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var traceId = ActivityTraceId.CreateRandom();
        var (_, body) = await api.GraphQL(tenant.ApiKey).SendAsync("query Broken { noSuchField }", null, $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        var code = body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString();

        var trace = await WaitForAsync(traceId, spans => spans.Any(s => s.Source.Name == "DqPlatform.GraphQL"));
        var operation = Assert.Single(trace, s => s.Source.Name == "DqPlatform.GraphQL");
        // The code the client got, not the engine's own (FIELDS_ON_CORRECT_TYPE).
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", code);
        Assert.Equal(code, operation.GetTagItem("dqp.graphql.outcome"));
    }

    /// <summary>
    /// PostgreSQL's messages quote values, and the driver puts the message in the span's status and exception event:
    /// a failing statement keeps its error status and exception type, and the value appears in no field of any span.
    /// </summary>
    [Fact]
    public async Task FailingStatement_KeepsItsErrorButNotTheQuotedValue()
    {
        _ = api.Services; // the host, and with it the tracer provider, is running
        var canary = "canary" + Guid.NewGuid().ToString("N");
        var traceId = ActivityTraceId.CreateRandom();
        // A traced caller (as a request would be): the driver's spans are recorded only under a parent.
        using (new Activity("statement-probe").SetParentId(traceId, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start())
        {
            await using var connection = new NpgsqlConnection(api.SourceConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"SELECT '{canary}'::int", connection);
            var failure = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteScalarAsync());
            Assert.Equal("22P02", failure.SqlState);
            Assert.Contains(canary, failure.Message, StringComparison.Ordinal);
        }

        var trace = await WaitForAsync(traceId, spans => spans.Any(s => s.Source.Name == "Npgsql" && s.Status == ActivityStatusCode.Error));
        var failed = Assert.Single(trace, s => s.Source.Name == "Npgsql" && s.Status == ActivityStatusCode.Error);
        Assert.Contains(failed.Events, e => e.Tags.Any(t => t.Key == "exception.type" && t.Value is string type && type.Contains("PostgresException", StringComparison.Ordinal)));
        foreach (var span in trace)
        {
            Assert.All(Texts(span), text => Assert.DoesNotContain(canary, text, StringComparison.Ordinal));
        }
    }

    private async Task<IReadOnlyList<Activity>> WaitForAsync(ActivityTraceId traceId, Func<IReadOnlyList<Activity>, bool> complete)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var trace = api.Spans.Snapshot().Where(s => s.TraceId == traceId).ToList();
            if (complete(trace))
            {
                return trace;
            }

            Assert.True(DateTime.UtcNow < deadline, "trace incomplete after 60 s: " + string.Join(", ", trace.Select(s => s.Source.Name + " " + s.DisplayName)));
            await Task.Delay(200);
        }
    }

    private static bool IsUnder(Activity span, Activity ancestor, IReadOnlyList<Activity> trace)
    {
        for (var parent = span.ParentSpanId; parent != default;)
        {
            if (parent == ancestor.SpanId)
            {
                return true;
            }

            parent = trace.FirstOrDefault(s => s.SpanId == parent)?.ParentSpanId ?? default;
        }

        return false;
    }

    private static IEnumerable<string> Texts(Activity span) =>
        new[] { span.DisplayName, span.StatusDescription ?? "" }
            .Concat(span.TagObjects.Select(t => t.Key + "=" + t.Value))
            .Concat(span.Events.SelectMany(e => e.Tags.Select(t => e.Name + ": " + t.Key + "=" + t.Value)));
}
