using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using DqPlatform.Api.Tests.GraphQL;
using DqPlatform.TestSupport;
using static DqPlatform.Api.Tests.Live.WebSocketMessages;

namespace DqPlatform.Api.Tests.Live;

/// <summary>Two API processes on one Redis: events raised on node A reach subscribers on node B, also across a Redis restart.</summary>
[Collection(Checks.HangfireServersCollection.Name)]
public sealed class CrossNodeTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    private async Task<(TestTenant Tenant, List<string> IncidentIds)> TenantWithIncidentsAsync(int count)
    {
        var tenant = await TestTenant.CreateAsync(api);
        return (tenant, await GraphSeed.OpenIncidentIdsAsync(api, tenant, count));
    }

    private static HttpClient Client(ApiProcess node, string key)
    {
        var http = new HttpClient { BaseAddress = new Uri(node.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    private static async Task<JsonElement> GraphQLAsync(HttpClient http, string query)
    {
        using var response = await http.PostAsJsonAsync("/graphql", new { query });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.TryGetProperty("errors", out var errors), errors.ToString());
        return body.GetProperty("data");
    }

    [Fact]
    public async Task IncidentChanged_AcknowledgedThroughNodeA_ReachesGraphQLWsClientOnNodeB()
    {
        var suite = Path.Combine(RepositoryRoot.Path, "tests", "conformance");
        Assert.True(Directory.Exists(Path.Combine(suite, "node_modules", "graphql-ws")), "run 'npm ci' in tests/conformance (scripts/test.sh does)");
        var (tenant, incidents) = await TenantWithIncidentsAsync(10);
        await using var nodeA = await ApiProcess.StartAsync(api.Database.ConnectionString, api.RedisConnectionString, api.EncryptionKey);
        await using var nodeB = await ApiProcess.StartAsync(api.Database.ConnectionString, api.RedisConnectionString, api.EncryptionKey);

        var psi = new ProcessStartInfo("node") { WorkingDirectory = suite, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("subscribe.mjs");
        psi.ArgumentList.Add(nodeB.BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/graphql");
        psi.ArgumentList.Add(tenant.ApiKey);
        psi.ArgumentList.Add("1");
        using var client = Process.Start(psi)!;
        var lines = new List<string>();
        var ready = new TaskCompletionSource();
        client.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (lines)
            {
                lines.Add(e.Data);
            }

            if (e.Data == "ready")
            {
                ready.TrySetResult();
            }
        };
        client.BeginOutputReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(20));

        using var http = Client(nodeA, tenant.ApiKey);
        // "ready" follows the subscribe call; under load the server may take a moment more, so acknowledge incidents
        // one by one until the client has heard of one.
        var acknowledged = new List<string>();
        foreach (var incident in incidents)
        {
            await GraphQLAsync(http, $"mutation {{ acknowledgeIncident(id: \"{incident}\", notes: \"on it\") {{ status }} }}");
            acknowledged.Add(incident);
            await Task.WhenAny(client.WaitForExitAsync(), Task.Delay(2000));
            if (client.HasExited)
            {
                break;
            }
        }

        await client.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var errors = await client.StandardError.ReadToEndAsync();

        Assert.True(client.ExitCode == 0, $"graphql-ws client failed ({client.ExitCode}): {errors} {string.Join('\n', lines)}");
        var events = lines.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("data").GetProperty("incidentChanged")).ToList();
        var changed = Assert.Single(events);
        Assert.Equal("ACKNOWLEDGED", changed.GetProperty("change").GetString());
        Assert.Contains(changed.GetProperty("incidentId").GetString(), acknowledged);
        Assert.Contains("completed", lines);
    }

    [Fact]
    public async Task Nodes_WhenRedisStops_KeepAnsweringQueriesReportUnreadyAndDeliverEveryEventWithoutReconnecting()
    {
        await using var redis = await LocalRedisServer.StartAsync();
        var (tenant, incidents) = await TenantWithIncidentsAsync(12);
        await using var nodeA = await ApiProcess.StartAsync(api.Database.ConnectionString, redis.ConnectionString, api.EncryptionKey);
        await using var nodeB = await ApiProcess.StartAsync(api.Database.ConnectionString, redis.ConnectionString, api.EncryptionKey);
        using var http = Client(nodeA, tenant.ApiKey);

        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        await socket.ConnectAsync(new Uri(nodeB.BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/graphql"), CancellationToken.None);
        await SendAsync(socket, new { type = "connection_init", payload = new { authorization = "Bearer " + tenant.ApiKey } });
        Assert.Equal("connection_ack", (await ReceiveAsync(socket, 10))!.Value.GetProperty("type").GetString());
        await SendAsync(socket, new { id = "live", type = "subscribe", payload = new { query = "subscription { incidentChanged { change incidentId } }" } });
        await Task.Delay(500);

        await redis.StopProcessAsync();
        using (var readyz = await http.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, readyz.StatusCode);
            Assert.Contains("redis", await readyz.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }

        var acknowledged = await GraphQLAsync(http, $"mutation {{ acknowledgeIncident(id: \"{incidents[0]}\") {{ status }} }}");
        Assert.Equal("ACKNOWLEDGED", acknowledged.GetProperty("acknowledgeIncident").GetProperty("status").GetString());

        // Redis is down, yet node B hears of it: its feed reads what the event log holds beyond what it delivered.
        var missed = (await ReceiveAsync(socket, 30))!.Value;
        Assert.Equal("next", missed.GetProperty("type").GetString());
        var missedEvent = missed.GetProperty("payload").GetProperty("data").GetProperty("incidentChanged");
        Assert.Equal(("ACKNOWLEDGED", incidents[0]), (missedEvent.GetProperty("change").GetString(), missedEvent.GetProperty("incidentId").GetString()));

        await redis.StartProcessAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await http.GetAsync("/readyz")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "/readyz did not recover after Redis returned");
            await Task.Delay(250);
        }

        // Once Redis is back the same socket keeps getting events, each once.
        await GraphQLAsync(http, $"mutation {{ resolveIncident(id: \"{incidents[1]}\") {{ status }} }}");
        var next = (await ReceiveAsync(socket, 30))!.Value;
        Assert.Equal("next", next.GetProperty("type").GetString());
        var resolved = next.GetProperty("payload").GetProperty("data").GetProperty("incidentChanged");
        Assert.Equal(("RESOLVED", incidents[1]), (resolved.GetProperty("change").GetString(), resolved.GetProperty("incidentId").GetString()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task IncidentChanged_ResumedWithTheLastCursorAfterFiftyChangesOnAnotherNode_GetsExactlyThoseInOrderThenLive(bool restartRedis)
    {
        await using var redis = await LocalRedisServer.StartAsync();
        var (tenant, incidents) = await TenantWithIncidentsAsync(160);
        Assert.True(incidents.Count >= 52, $"only {incidents.Count} open incidents were seeded");
        await using var nodeA = await ApiProcess.StartAsync(api.Database.ConnectionString, redis.ConnectionString, api.EncryptionKey);
        await using var nodeB = await ApiProcess.StartAsync(api.Database.ConnectionString, redis.ConnectionString, api.EncryptionKey);
        using var http = Client(nodeA, tenant.ApiKey);
        const string Selection = "{ cursor change incidentId incident { id status } }";

        // A first event, to hold a cursor.
        var socket = await SubscribedAsync(nodeB, tenant.ApiKey, $"subscription {{ incidentChanged {Selection} }}");
        var receiving = ReceiveAsync(socket, 30);
        await GraphQLAsync(http, $"mutation {{ acknowledgeIncident(id: \"{incidents[0]}\") {{ status }} }}");
        var first = Changed(await receiving);
        Assert.Equal(incidents[0], first.GetProperty("incidentId").GetString());
        var cursor = first.GetProperty("cursor").GetString()!;
        socket.Abort();
        socket.Dispose();

        // Away: 50 changes committed through the other node (with Redis restarted in between in one variant).
        if (restartRedis)
        {
            await redis.StopProcessAsync();
        }

        var changed = incidents.Skip(1).Take(50).ToList();
        foreach (var (incident, i) in changed.Select((id, i) => (id, i)))
        {
            var move = i % 2 == 0 ? "acknowledgeIncident" : "resolveIncident";
            await GraphQLAsync(http, $"mutation {{ {move}(id: \"{incident}\") {{ status }} }}");
        }

        if (restartRedis)
        {
            await redis.StartProcessAsync();
        }

        // Back with the last cursor: exactly the 50, in commit order, each once; then the feed is live with no gap.
        var early = new List<JsonElement>();
        socket = await SubscribedAsync(nodeB, tenant.ApiKey, $"subscription {{ incidentChanged(after: \"{cursor}\") {Selection} }}", early);
        var replayed = early.Select(e => Changed(e)).ToList();
        while (replayed.Count < 50 && await ReceiveAsync(socket, 30) is { } message)
        {
            replayed.Add(Changed(message));
        }

        Assert.Equal(changed, replayed.Select(e => e.GetProperty("incidentId").GetString()));
        Assert.Equal(changed.Select((_, i) => i % 2 == 0 ? "ACKNOWLEDGED" : "RESOLVED"), replayed.Select(e => e.GetProperty("change").GetString()));
        Assert.Equal(replayed.Select(e => e.GetProperty("change").GetString()),
            replayed.Select(e => e.GetProperty("incident").GetProperty("status").GetString()));
        Assert.Equal(50, replayed.Select(e => e.GetProperty("cursor").GetString()).Distinct().Count());

        receiving = ReceiveAsync(socket, 30);
        await GraphQLAsync(http, $"mutation {{ acknowledgeIncident(id: \"{incidents[51]}\") {{ status }} }}");
        var live = Changed(await receiving);
        Assert.Equal(incidents[51], live.GetProperty("incidentId").GetString());
        await SendAsync(socket, new { type = "ping" });
        Assert.Equal("pong", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());
        socket.Dispose();
    }

    /// <param name="early">Receives what arrives before the pong (a replay may start before it); without it, nothing may.</param>
    private static async Task<ClientWebSocket> SubscribedAsync(ApiProcess node, string key, string query, List<JsonElement>? early = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        await socket.ConnectAsync(new Uri(node.BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/graphql"), CancellationToken.None);
        await SendAsync(socket, new { type = "connection_init", payload = new { authorization = "Bearer " + key } });
        Assert.Equal("connection_ack", (await ReceiveAsync(socket, 10))!.Value.GetProperty("type").GetString());
        await SendAsync(socket, new { id = "live", type = "subscribe", payload = new { query } });
        // The subscription is in place once the server answers a ping after it (messages are handled in order).
        await SendAsync(socket, new { type = "ping" });
        while ((await ReceiveAsync(socket, 10))!.Value is var message && message.GetProperty("type").GetString() != "pong")
        {
            Assert.True(early is not null, message.ToString());
            early.Add(message);
        }

        return socket;
    }

    private static JsonElement Changed(JsonElement? message)
    {
        Assert.NotNull(message);
        Assert.True(message.Value.GetProperty("type").GetString() == "next", message.Value.ToString());
        return message.Value.GetProperty("payload").GetProperty("data").GetProperty("incidentChanged");
    }
}
