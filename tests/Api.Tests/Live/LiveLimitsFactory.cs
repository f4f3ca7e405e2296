using System.Net.WebSockets;
using System.Text.Json;
using DqPlatform.Api.Live;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Incidents;
using DqPlatform.GraphQL.WebSockets;
using DqPlatform.Infrastructure.Security;
using DqPlatform.Infrastructure.Messaging;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static DqPlatform.Api.Tests.Live.WebSocketMessages;

namespace DqPlatform.Api.Tests.Live;

/// <summary>
/// An API with small live limits (3 operations per socket, 2 sockets per key, 3 per workspace, 5 subscriptions per
/// workspace, 5 messages a second in bursts of 10), and the socket steps the limit tests share.
/// </summary>
public sealed class LiveLimitsFactory : DqApiFactory
{
    public const int OperationsPerSocket = 3;
    public const int SocketsPerKey = 2;
    public const int SocketsPerWorkspace = 3;
    public const int SubscriptionsPerWorkspace = 5;
    public const int MessageBurst = 10;
    public const int SocketsPerOrganization = 4;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Dqp:Live:MaxOperationsPerSocket", $"{OperationsPerSocket}");
        builder.UseSetting("Dqp:Live:MaxSocketsPerKey", $"{SocketsPerKey}");
        builder.UseSetting("Dqp:Live:MaxSocketsPerWorkspace", $"{SocketsPerWorkspace}");
        builder.UseSetting("Dqp:Live:MaxSubscriptionsPerWorkspace", $"{SubscriptionsPerWorkspace}");
        builder.UseSetting("Dqp:Live:MaxMessagesPerSecond", "5");
        builder.UseSetting("Dqp:Live:MessageBurst", $"{MessageBurst}");
        builder.UseSetting("Dqp:Live:MaxSocketsPerOrganization", $"{SocketsPerOrganization}");
    }

    /// <summary>Another key of <paramref name="tenant"/>'s workspace.</summary>
    public async Task<string> SecondKeyAsync(TestTenant tenant)
    {
        await using var db = Database.CreateDqContext();
        var (key, plaintext) = ApiKeyGenerator.Create(tenant.WorkspaceId, "second", Domain.Tenancy.ApiKeyScopes.All);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        return plaintext;
    }

    /// <summary>A key of another workspace of <paramref name="tenant"/>'s organization.</summary>
    public async Task<string> SiblingWorkspaceKeyAsync(TestTenant tenant)
    {
        await using var db = Database.CreateDqContext();
        var workspace = new Domain.Tenancy.Workspace { OrganizationId = tenant.OrganizationId, Name = "sibling" };
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync();
        var (key, plaintext) = ApiKeyGenerator.Create(workspace.Id, "sibling", Domain.Tenancy.ApiKeyScopes.All);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        return plaintext;
    }

    /// <summary>A socket that sent its connection_init with <paramref name="key"/> (not yet answered).</summary>
    public async Task<WebSocket> InitiatedAsync(string key)
    {
        var client = Server.CreateWebSocketClient();
        client.SubProtocols.Add("graphql-transport-ws");
        var socket = await client.ConnectAsync(new Uri("ws://localhost/graphql"), CancellationToken.None);
        await SendAsync(socket, new { type = "connection_init", payload = new { authorization = "Bearer " + key } });
        return socket;
    }

    public async Task<WebSocket> AcknowledgedAsync(string key)
    {
        var socket = await InitiatedAsync(key);
        var ack = await ReceiveAsync(socket);
        Assert.True(ack?.GetProperty("type").GetString() == "connection_ack", $"not acknowledged: {ack?.ToString() ?? "closed " + socket.CloseStatus}");
        return socket;
    }

    /// <summary>The close code the server ends <paramref name="socket"/> with (messages before it are skipped).</summary>
    public static async Task<(int? Code, string? Reason)> ClosedWithAsync(WebSocket socket)
    {
        while (await ReceiveAsync(socket, 10) is not null)
        {
        }

        return ((int?)socket.CloseStatus, socket.CloseStatusDescription);
    }

    public static Task SubscribeAsync(WebSocket socket, string id, string query = "subscription { incidentChanged { failureCount } }") =>
        WebSocketMessages.SendAsync(socket, new { id, type = "subscribe", payload = new { query } });

    /// <summary>Sends a ping and answers every message but events until its pong: what the socket said meanwhile.</summary>
    public static async Task<List<JsonElement>> UntilPongAsync(WebSocket socket)
    {
        await WebSocketMessages.SendAsync(socket, new { type = "ping" });
        var said = new List<JsonElement>();
        while (await ReceiveAsync(socket) is { } message && message.GetProperty("type").GetString() != "pong")
        {
            if (message.GetProperty("type").GetString() != "next")
            {
                said.Add(message);
            }
        }

        return said;
    }

    /// <summary>Publishes incident events of <paramref name="tenant"/> until each of <paramref name="ids"/> has had one on <paramref name="socket"/>.</summary>
    public async Task EventsReachAsync(WebSocket socket, TestTenant tenant, params string[] ids)
    {
        var bus = Services.GetRequiredService<IEventBus>();
        var waiting = new HashSet<string>(ids, StringComparer.Ordinal);
        var receiving = ReceiveAsync(socket, 30);
        for (var published = 0; waiting.Count > 0; published++)
        {
            Assert.True(published < 100, $"no event for {string.Join(", ", waiting)}");
            await bus.PublishAsync(new IncidentChanged(tenant.WorkspaceId, DateTimeOffset.UtcNow, Guid.NewGuid(), Guid.NewGuid(),
                IncidentChangeKind.Created, IncidentStatus.Open, CheckSeverity.Error, published));
            while (waiting.Count > 0 && await Task.WhenAny(receiving, Task.Delay(300)) == receiving)
            {
                var message = await receiving ?? throw new InvalidOperationException("closed " + socket.CloseStatus);
                if (message.GetProperty("type").GetString() == "next")
                {
                    waiting.Remove(message.GetProperty("id").GetString()!);
                }

                receiving = waiting.Count > 0 ? ReceiveAsync(socket, 30) : receiving;
            }
        }
    }

    /// <summary>
    /// What the share <paramref name="partition"/> holds once it reaches <paramref name="expected"/> or 30 s have passed:
    /// sockets a test closed leave the server a moment later.
    /// </summary>
    public async Task<(int Sockets, int Operations)> SettledAsync(string partition, (int Sockets, int Operations) expected)
    {
        var admission = Services.GetRequiredService<SocketAdmission>();
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(50))
        {
            var usage = admission.UsageOf(partition);
            if (usage == expected || DateTime.UtcNow > deadline)
            {
                return usage;
            }
        }
    }
}
