using System.Net;
using DqPlatform.GraphQL.Execution;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.Api.Tests.GraphQL;

/// <summary>
/// The gate's turns are shared by workspace: a workspace at its cap waits although a turn is free, and its share of the
/// line full is SERVER_BUSY for it alone, while another workspace's query runs at once.
/// </summary>
public sealed class FairExecutionTests(FairExecutionTests.TwoTurnsFactory api) : IClassFixture<FairExecutionTests.TwoTurnsFactory>
{
    [Fact]
    public async Task WorkspaceAtItsCap_Waits_WhileAnotherWorkspaceIsServedAtOnce()
    {
        var flooding = await TestTenant.CreateAsync(api);
        var quiet = await TestTenant.CreateAsync(api);
        var gate = api.Services.GetRequiredService<ExecutionGate>();

        // The flooding workspace's one turn, held here as if its query were running.
        var held = await gate.EnterAsync(flooding.OrganizationId.ToString("N"), CancellationToken.None);
        Assert.True(held!.IsAcquired);
        Task<(HttpResponseMessage Response, System.Text.Json.JsonElement Body)> waiting;
        try
        {
            waiting = api.GraphQL(flooding.ApiKey).SendAsync("{ workspace { name } }");
            await WaitUntilAsync(() => gate.Statistics?.CurrentQueuedCount == 1);

            var (busy, busyBody) = await api.GraphQL(flooding.ApiKey).SendAsync("{ workspace { name } }");
            var (served, _) = await api.GraphQL(quiet.ApiKey).SendAsync("{ workspace { name } }");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
            Assert.Equal(ExecutionGate.BusyCode, busyBody.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.False(waiting.IsCompleted);
        }
        finally
        {
            held.Dispose();
        }

        Assert.Equal(HttpStatusCode.OK, (await waiting).Response.StatusCode);
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

    public sealed class TwoTurnsFactory : DqApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Dqp:Execution:MaxConcurrent", "2");
            builder.UseSetting("Dqp:Execution:MaxConcurrentPerPartition", "1");
            builder.UseSetting("Dqp:Execution:PartitionQueueLimit", "1");
        }
    }
}
