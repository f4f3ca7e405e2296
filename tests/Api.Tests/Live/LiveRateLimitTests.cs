using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Hosting;
using static DqPlatform.Api.Tests.Live.WebSocketMessages;

namespace DqPlatform.Api.Tests.Live;

/// <summary>An API whose keys may spend 5 requests, refilled once an hour: never while a test runs.</summary>
public sealed class LiveRateLimitFactory : DqApiFactory
{
    public const int Burst = 5;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Dqp:RateLimit:PermitsPerSecond", "1");
        builder.UseSetting("Dqp:RateLimit:Burst", $"{Burst}");
        builder.UseSetting("Dqp:RateLimit:ReplenishmentPeriod", "01:00:00");
    }
}

/// <summary>A socket's operations spend the same request budget as the caller's HTTP requests: more sockets buy nothing.</summary>
public sealed class LiveRateLimitTests(LiveRateLimitFactory api) : IClassFixture<LiveRateLimitFactory>
{
    [Fact]
    public async Task Operations_PastTheKeysBudget_AreRefusedRateLimitedAndTheSocketGoesOn()
    {
        var tenant = await TestTenant.CreateAsync(api);
        using var socket = await AcknowledgedAsync(tenant.ApiKey);

        var said = await OperationsAsync(socket, 12);
        var refused = said.Where(m => m.GetProperty("type").GetString() == "error").ToList();
        Assert.Equal(LiveRateLimitFactory.Burst, said.Count(m => m.GetProperty("type").GetString() == "complete"));
        Assert.Equal(12 - LiveRateLimitFactory.Burst, refused.Count);
        Assert.All(refused, m => Assert.Equal("RATE_LIMITED", m.GetProperty("payload")[0].GetProperty("extensions").GetProperty("code").GetString()));
        Assert.Contains("API key", refused[0].GetProperty("payload")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task Operations_AfterTheKeySpentItsBudgetOverHttp_AreRefusedToo()
    {
        var tenant = await TestTenant.CreateAsync(api);
        using var http = api.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.ApiKey);
        var admitted = 0;
        while (true)
        {
            using var response = await http.PostAsJsonAsync("/graphql", new { query = "{ __typename }" });
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                break;
            }

            Assert.InRange(++admitted, 1, LiveRateLimitFactory.Burst);
        }

        using var socket = await AcknowledgedAsync(tenant.ApiKey);
        var said = await OperationsAsync(socket, 3);
        Assert.Equal(["error", "error", "error"], said.Select(m => m.GetProperty("type").GetString()));
    }

    private async Task<WebSocket> AcknowledgedAsync(string key)
    {
        var client = api.Server.CreateWebSocketClient();
        client.SubProtocols.Add("graphql-transport-ws");
        var socket = await client.ConnectAsync(new Uri("ws://localhost/graphql"), CancellationToken.None);
        await SendAsync(socket, new { type = "connection_init", payload = new { authorization = "Bearer " + key } });
        Assert.Equal("connection_ack", (await ReceiveAsync(socket))?.GetProperty("type").GetString());
        return socket;
    }

    // Queries over the socket: each answers next + complete, or error; what was said other than next, in order.
    private static async Task<List<System.Text.Json.JsonElement>> OperationsAsync(WebSocket socket, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await LiveLimitsFactory.SubscribeAsync(socket, $"q{i}", "{ __typename }");
        }

        return await LiveLimitsFactory.UntilPongAsync(socket);
    }
}
