using System.Net;
using DqPlatform.Api.GraphQL;
using DqPlatform.Api.GraphQL.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.Api.Tests.GraphQL;

/// <summary>One query at a time with a line of one: what waits, what is refused, and what is never held up.</summary>
public sealed class ExecutionGateTests(ExecutionGateTests.OneAtATimeFactory api) : IClassFixture<ExecutionGateTests.OneAtATimeFactory>
{
    [Fact]
    public async Task QueryWaitsItsTurn_OneMoreIsRefusedBusy_MutationsAreNotHeldUp()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.GraphQL(tenant.ApiKey);
        var gate = api.Services.GetRequiredService<ExecutionGate>();

        var held = await gate.EnterAsync(CancellationToken.None);
        Assert.True(held!.IsAcquired);
        Task<(HttpResponseMessage Response, System.Text.Json.JsonElement Body)> waiting;
        try
        {
            waiting = client.SendAsync("{ connections(first: 5) { totalCount } }");
            await WaitUntilAsync(() => gate.Statistics?.CurrentQueuedCount == 1);

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
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the query never queued at the gate");
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
