using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace DqPlatform.Api.Tests.GraphQL;

/// <summary>
/// Pages whose rows select only plain fields are rendered without an execution node per field. Each query here is
/// sent twice: as written, and with <c>@include(if: true)</c> on its first row field, which the renderer does not
/// take, so the executor answers. The two answers must be the same text, and the request's trace says which way
/// the rows went.
/// </summary>
public sealed partial class RenderedRowsTests(DqApiFactory api) : IClassFixture<DqApiFactory>, IAsyncLifetime, IDisposable
{
    private readonly ConcurrentDictionary<ActivityTraceId, int> _renderedRows = new();
    private ActivityListener? _listener;
    private TestTenant _tenant = null!;

    public async Task InitializeAsync()
    {
        _listener = new ActivityListener
        {
            // The count lands on the current activity: the GraphQL operation's span, or the request's without it.
            ShouldListenTo = s => s.Name is "Microsoft.AspNetCore" or DqPlatform.GraphQL.Telemetry.GraphQLInstruments.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                var rows = a.GetTagItem("dqp.graphql.rendered_rows") as int? ?? 0;
                _renderedRows.AddOrUpdate(a.TraceId, rows, (_, before) => before + rows);
            },
        };
        ActivitySource.AddActivityListener(_listener);
        _tenant = await TestTenant.CreateAsync(api);
        await GraphSeed.ChecksWithIncidentsAsync(api, _tenant, 12);
        // A check that never ran: its latestResult is null.
        await GraphSeed.ChecksWithoutResultsAsync(api, _tenant, 2);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _listener?.Dispose();

    public static TheoryData<string> PlainQueries => new()
    {
        // The incidents dashboard, with nulls, enums, timestamps, __typename and the preloaded check and connection.
        """
        { incidents(first: 100, order: [{severity: DESC}, {firstSeen: DESC}]) { nodes {
            __typename id severity status failureCount firstSeen lastSeen resolvedAt acknowledgedByName
            check { id name targetTable targetColumn severity enabled connection { name type status lastTestedAt } } } } }
        """,
        // The checks dashboard: floats, booleans, and a latest result that is null for checks that never ran.
        """
        { checkDefinitions(first: 100) { nodes {
            id name enabled checkType targetType description
            latestResult { id executedAt rulePassed sensorValue severity errorMessage executionTimeMs } } } }
        """,
        // Aliases, and rows under edges { node }.
        """{ checkDefinitions(first: 50) { edges { cursor node { key: id title: name table: targetTable kind: __typename } } } }""",
        // A page nested in rows the executor runs (incidents takes arguments): the inner pages are rendered.
        """{ checkDefinitions(first: 20) { nodes { name incidents(first: 5) { nodes { id status failureCount } } } } }""",
    };

    [Theory]
    [MemberData(nameof(PlainQueries))]
    public async Task PlainRows_AreRendered_AsTheExecutorAnswersThem(string query)
    {
        var (renderedRows, rendered) = await SendAsync(query);
        var (executedRows, executed) = await SendAsync(WithExecutorOnly(query));

        Assert.True(renderedRows > 0, "the rows were not rendered");
        Assert.Equal(0, executedRows);
        Assert.Equal(executed, rendered);
        Assert.DoesNotContain("\"errors\"", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RowsWhoseRelatedRowIsNotPreloaded_FallBackToTheExecutor()
    {
        // Incident pages preload check, not check.latestResult: that comes from a batch loader, so the plain plan
        // gives up on the first row and the executor answers the whole page.
        const string query = "{ incidents(first: 20) { nodes { id check { name latestResult { rulePassed sensorValue } } } } }";

        var (renderedRows, body) = await SendAsync(query);
        var (_, executed) = await SendAsync(WithExecutorOnly(query));

        Assert.Equal(0, renderedRows);
        Assert.Equal(executed, body);
        Assert.Contains("\"rulePassed\":", body, StringComparison.Ordinal);
    }

    private async Task<(int RenderedRows, string Body)> SendAsync(string query)
    {
        var traceId = ActivityTraceId.CreateRandom();
        var (response, body) = await api.GraphQL(_tenant.ApiKey).SendAsync(query, traceParent: $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        response.EnsureSuccessStatusCode();
        // The server's activity stops after the response is written; wait for it briefly.
        for (var i = 0; i < 100 && !_renderedRows.ContainsKey(traceId); i++)
        {
            await Task.Delay(20);
        }

        Assert.True(_renderedRows.TryGetValue(traceId, out var rows), "no server activity was recorded");
        return (rows, body.GetRawText());
    }

    /// <summary>The query with <c>@include(if: true)</c> on the first field of each row selection.</summary>
    private static string WithExecutorOnly(string query) =>
        RowSelection().Replace(query, m => m.Value + " @include(if: true)");

    [GeneratedRegex(@"\b(?:nodes|node) \{\s*(?:\w+: )?\w+")]
    private static partial Regex RowSelection();
}
