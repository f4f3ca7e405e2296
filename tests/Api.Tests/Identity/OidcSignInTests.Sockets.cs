using System.Diagnostics;
using System.Net.WebSockets;
using DqPlatform.GraphQL.Relay;
using Microsoft.EntityFrameworkCore;
using static DqPlatform.Api.Tests.Identity.OidcSession;
using static DqPlatform.Api.Tests.Live.WebSocketMessages;

namespace DqPlatform.Api.Tests.Identity;

/// <summary>Sign-in over graphql-ws: the token and workspace in connection_init, and sockets closed when either stops holding.</summary>
public sealed partial class OidcSignInTests
{
    private async Task<WebSocket> SocketAsync(string token, string? workspace)
    {
        var client = api.Server.CreateWebSocketClient();
        client.SubProtocols.Add("graphql-transport-ws");
        var socket = await client.ConnectAsync(new Uri("ws://localhost/graphql"), CancellationToken.None);
        await SendAsync(socket, new { type = "connection_init", payload = new { authorization = "Bearer " + token, workspace } });
        return socket;
    }

    private static async Task<int?> ClosedWithAsync(WebSocket socket, int seconds)
    {
        while (await ReceiveAsync(socket, seconds) is not null)
        {
        }

        return (int?)socket.CloseStatus;
    }

    [Fact]
    public async Task Socket_SignedIn_ClosesWithin_SecondsOfMembershipRemoval()
    {
        var org = await OrganizationAsync(api, workspaces: 2);
        var subject = Subject();
        var token = api.Main.Mint(subject, OidcApiFactory.Audience, Claims(org.Slug));
        await SendAsync(api, token, WorkspaceQuery);
        var userId = await MemberOfAsync(subject, org.Workspaces[1], "viewer");
        var workspace = GlobalId.Encode("Workspace", org.Workspaces[1]);

        using var refused = await SocketAsync(token, GlobalId.Encode("Workspace", org.Workspaces[0]));
        Assert.Equal(4403, await ClosedWithAsync(refused, 10));
        using var socket = await SocketAsync(token, workspace);
        Assert.Equal("connection_ack", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());

        var removed = Stopwatch.StartNew();
        await using (var db = api.Database.CreateDqContext())
        {
            await db.WorkspaceMembers.Where(m => m.UserId == userId).ExecuteDeleteAsync();
        }

        Assert.Equal(4403, await ClosedWithAsync(socket, 30));
        Assert.True(removed.Elapsed < TimeSpan.FromSeconds(15), $"closed after {removed.Elapsed}");
    }

    [Fact]
    public async Task Socket_SignedIn_ClosesOnceTheTokenExpires()
    {
        var org = await OrganizationAsync(api);
        var token = api.Main.Mint(Subject(), OidcApiFactory.Audience, Claims(org.Slug, ["dq-viewers"]), lifetime: TimeSpan.FromSeconds(4));

        using var socket = await SocketAsync(token, null);
        Assert.Equal("connection_ack", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());
        var opened = Stopwatch.StartNew();

        Assert.Equal(4403, await ClosedWithAsync(socket, 30));
        // Not before the token (with one second of clock skew) expired; within a check interval or two after.
        Assert.InRange(opened.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(20));
    }
}
