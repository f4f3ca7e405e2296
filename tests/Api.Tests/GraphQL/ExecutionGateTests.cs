using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using DqPlatform.GraphQL.Execution;
using DqPlatform.GraphQL.Relay;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.Api.Tests.GraphQL;

/// <summary>One query at a time with a line of one: what waits, what is refused, and what is never held up.</summary>
public sealed class ExecutionGateTests(ExecutionGateTests.OneAtATimeFactory api) : IClassFixture<ExecutionGateTests.OneAtATimeFactory>
{
    private static readonly ActivityTraceId WaitingTrace = ActivityTraceId.CreateRandom();

    [Fact]
    public async Task QueryWaitsItsTurn_OneMoreIsRefusedBusy_MutationsAreNotHeldUp()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.GraphQL(tenant.ApiKey);
        var gate = api.Services.GetRequiredService<ExecutionGate>();
        var queuedMs = new ConcurrentDictionary<ActivityTraceId, double?>();
        using var listener = new ActivityListener
        {
            // The wait is tagged on the current activity: the GraphQL operation's span, or the request's without it.
            ShouldListenTo = s => s.Name is "Microsoft.AspNetCore" or DqPlatform.GraphQL.Telemetry.GraphQLInstruments.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.GetTagItem(GatedExecutionStrategy.QueuedTag) is double waited)
                {
                    queuedMs[a.TraceId] = waited;
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var held = await gate.EnterAsync(CancellationToken.None);
        Assert.True(held!.IsAcquired);
        Task<(HttpResponseMessage Response, System.Text.Json.JsonElement Body)> waiting;
        try
        {
            waiting = client.SendAsync("{ connections(first: 5) { totalCount } }", traceParent: $"00-{WaitingTrace}-00f067aa0ba902b7-01");
            await WaitUntilAsync(() => gate.Statistics?.CurrentQueuedCount == 1);
            await Task.Delay(50);

            var (refused, refusedBody) = await client.SendAsync("{ __typename }");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(ExecutionGate.BusyCode, refusedBody.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());

            // Not gated: the mutation executes (and finds nothing to delete) while the queries wait.
            var missing = GlobalId.Encode("SavedQuery", Guid.NewGuid());
            Assert.Equal("NOT_FOUND", await client.ErrorCodeAsync($"mutation {{ deleteSavedQuery(id: \"{missing}\") }}"));
            Assert.False(waiting.IsCompleted);
        }
        finally
        {
            held.Dispose();
        }

        var (served, body) = await waiting;
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(0, body.GetProperty("data").GetProperty("connections").GetProperty("totalCount").GetInt32());
        Assert.Equal(1, gate.Statistics?.CurrentAvailablePermits);
        // Its trace shows the time it spent in line.
        await WaitUntilAsync(() => queuedMs.ContainsKey(WaitingTrace));
        Assert.InRange(queuedMs[WaitingTrace] ?? 0, 50, 30_000);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition never came true");
            await Task.Delay(10);
        }
    }

    public sealed class OneAtATimeFactory : DqApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Dqp:Execution:MaxConcurrent", "1");
            builder.UseSetting("Dqp:Execution:QueueLimit", "1");
        }
    }
}
