using System.Diagnostics;
using System.Net.WebSockets;
using DqPlatform.Api.Live;
using DqPlatform.Domain.People;
using DqPlatform.GraphQL.Relay;
using DqPlatform.GraphQL.WebSockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static DqPlatform.Api.Tests.Live.WebSocketMessages;

namespace DqPlatform.Api.Tests.People;

/// <summary>
/// Keys and roles never hand out more than their holder has: personal keys rotated only by their user, roles that
/// read datasets given only by their holders, sockets that follow a changed role, subscription groups per principal.
/// </summary>
public sealed class KeyAndRoleRightsTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    private static string KeyId(Guid id) => GlobalId.Encode("ApiKey", id);

    [Fact]
    public async Task RotateApiKey_OfAnotherUsersPersonalKey_IsForbidden_ButRevokingItIsNot()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var admin = await TestUser.CreateAsync(api, tenant, Roles.Admin);
        var victim = await TestUser.CreateAsync(api, tenant, Roles.Editor);

        Assert.Equal("FORBIDDEN", await admin.Client(api).ErrorCodeAsync($"mutation {{ rotateApiKey(id: \"{KeyId(victim.KeyId)}\") {{ key }} }}"));
        Assert.Equal("FORBIDDEN", await api.GraphQL(tenant.ApiKey).ErrorCodeAsync($"mutation {{ rotateApiKey(id: \"{KeyId(victim.KeyId)}\") {{ key }} }}"));
        await using (var db = api.Database.CreateDqContext())
        {
            Assert.Null((await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == victim.KeyId)).RevokedAt);
        }

        // The admin's own personal key rotates; the victim's is revoked by the admin, which grants nothing.
        var own = (await admin.Client(api).DataAsync("mutation { createApiKey(input: {name: \"mine\", scopes: [\"read\"], personal: true}) { apiKey { id } } }"))
            .GetProperty("createApiKey").GetProperty("apiKey").GetProperty("id").GetString();
        await admin.Client(api).DataAsync($"mutation {{ rotateApiKey(id: \"{own}\") {{ key }} }}");
        await api.GraphQL(tenant.ApiKey).DataAsync($"mutation {{ revokeApiKey(id: \"{KeyId(victim.KeyId)}\") {{ id }} }}");
        await using (var db = api.Database.CreateDqContext())
        {
            Assert.NotNull((await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == victim.KeyId)).RevokedAt);
        }
    }

    [Fact]
    public async Task RevokeApiKey_WithoutKeysManage_RevokesOnlyTheCallersOwnPersonalKeys()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var viewer = await TestUser.CreateAsync(api, tenant, Roles.Viewer);
        var other = await TestUser.CreateAsync(api, tenant, Roles.Viewer);
        var client = viewer.Client(api);
        var spare = (await client.DataAsync("mutation { createApiKey(input: {name: \"spare\", scopes: [\"read\"], personal: true}) { apiKey { id } } }"))
            .GetProperty("createApiKey").GetProperty("apiKey").GetProperty("id").GetString();

        Assert.Equal(spare, (await client.DataAsync($"mutation {{ revokeApiKey(id: \"{spare}\") {{ id }} }}")).GetProperty("revokeApiKey").GetProperty("id").GetString());
        Assert.Equal("FORBIDDEN", await client.ErrorCodeAsync($"mutation {{ revokeApiKey(id: \"{KeyId(other.KeyId)}\") {{ id }} }}"));
        Assert.Equal("FORBIDDEN", await client.ErrorCodeAsync($"mutation {{ revokeApiKey(id: \"{KeyId(tenant.ApiKeyId)}\") {{ id }} }}"));
        Assert.Equal("FORBIDDEN", await client.ErrorCodeAsync($"mutation {{ revokeApiKey(id: \"{KeyId(Guid.NewGuid())}\") {{ id }} }}"));
        await using var db = api.Database.CreateDqContext();
        Assert.Null((await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == other.KeyId)).RevokedAt);
        Assert.Null((await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == tenant.ApiKeyId)).RevokedAt);
    }

    [Fact]
    public async Task GrantingACustomRole_NeedsToHoldIt_OrOrganizationAdmin()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var owner = await TestUser.CreateAsync(api, tenant, Roles.Owner);
        await owner.Client(api).DataAsync("mutation { createRole(slug: \"auditors\", name: \"Auditors\", scopes: [\"read\"]) { slug } }");
        var admin = await TestUser.CreateAsync(api, tenant, Roles.Admin);
        var second = await TestUser.CreateAsync(api, tenant, Roles.Viewer);

        // The role's scopes are all the admin's, but datasets may be readable by 'auditors' alone.
        Assert.Equal("FORBIDDEN", await admin.Client(api).ErrorCodeAsync($"mutation {{ setMemberRole(userId: \"{second.GlobalId}\", role: \"auditors\") {{ role }} }}"));
        Assert.Equal("FORBIDDEN", await admin.Client(api).ErrorCodeAsync("mutation { inviteMember(email: \"alt@example.com\", role: \"auditors\") { role } }"));
        await admin.Client(api).DataAsync($"mutation {{ setMemberRole(userId: \"{second.GlobalId}\", role: \"operator\") {{ role }} }}");

        await owner.Client(api).DataAsync($"mutation {{ setMemberRole(userId: \"{second.GlobalId}\", role: \"auditors\") {{ role }} }}");

        // A holder of a custom role that manages members gives that role, not another one within its scopes.
        await owner.Client(api).DataAsync("mutation { createRole(slug: \"leads\", name: \"Leads\", scopes: [\"read\", \"members:manage\"]) { slug } }");
        var lead = await TestUser.CreateAsync(api, tenant, "leads");
        var third = await TestUser.CreateAsync(api, tenant, Roles.Viewer);
        Assert.Equal("FORBIDDEN", await lead.Client(api).ErrorCodeAsync($"mutation {{ setMemberRole(userId: \"{third.GlobalId}\", role: \"auditors\") {{ role }} }}"));
        await lead.Client(api).DataAsync($"mutation {{ setMemberRole(userId: \"{third.GlobalId}\", role: \"leads\") {{ role }} }}");
    }

    [Fact]
    public async Task Socket_OfAnAdmin_ClosesWithinSeconds_OfBeingMadeAViewer()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var admin = await TestUser.CreateAsync(api, tenant, Roles.Admin);
        using var socket = await AcknowledgedAsync(admin.Key);
        using var untouched = await AcknowledgedAsync(tenant.ApiKey);

        var demoted = Stopwatch.StartNew();
        await api.GraphQL(tenant.ApiKey).DataAsync($"mutation {{ setMemberRole(userId: \"{admin.GlobalId}\", role: \"viewer\") {{ role }} }}");

        Assert.Equal(4403, await ClosedWithAsync(socket, 20));
        Assert.True(demoted.Elapsed < TimeSpan.FromSeconds(15), $"closed after {demoted.Elapsed}");
        await SendAsync(untouched, new { type = "ping" });
        Assert.Equal("pong", (await ReceiveAsync(untouched))!.Value.GetProperty("type").GetString());

        // Reconnecting gives the socket the viewer's rights.
        using var again = await AcknowledgedAsync(admin.Key);
    }

    [Fact]
    public async Task Subscription_OfTwoUsersWithTheSameScopes_RunsInTwoGroups()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var first = await TestUser.CreateAsync(api, tenant, Roles.Editor);
        var second = await TestUser.CreateAsync(api, tenant, Roles.Editor);
        var groups = api.Services.GetRequiredService<SubscriptionGroups>();
        const string query = "subscription { incidentChanged { incidentId } }";

        using var a = await AcknowledgedAsync(first.Key);
        using var a2 = await AcknowledgedAsync(first.Key);
        using var b = await AcknowledgedAsync(second.Key);
        foreach (var socket in new[] { a, a2, b })
        {
            await SendAsync(socket, new { id = "1", type = "subscribe", payload = new { query } });
        }

        // One user's two sockets share a group; the other user's equal scopes do not join it (a field may render what
        // only its principal may see).
        var deadline = Stopwatch.StartNew();
        while (groups.CountIn(tenant.WorkspaceId) < 2 && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }

        Assert.Equal(2, groups.CountIn(tenant.WorkspaceId));
    }

    private async Task<WebSocket> AcknowledgedAsync(string key)
    {
        var client = api.Server.CreateWebSocketClient();
        client.SubProtocols.Add("graphql-transport-ws");
        var socket = await client.ConnectAsync(new Uri("ws://localhost/graphql"), CancellationToken.None);
        await SendAsync(socket, new { type = "connection_init", payload = new { authorization = "Bearer " + key } });
        Assert.Equal("connection_ack", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());
        return socket;
    }

    private static async Task<int?> ClosedWithAsync(WebSocket socket, int seconds)
    {
        while (await ReceiveAsync(socket, seconds) is not null)
        {
        }

        return (int?)socket.CloseStatus;
    }
}
