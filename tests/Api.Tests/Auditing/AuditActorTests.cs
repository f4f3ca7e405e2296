using DqPlatform.GraphQL.Relay;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using static DqPlatform.Api.Tests.Live.WebSocketMessages;

namespace DqPlatform.Api.Tests.Auditing;

/// <summary>
/// Issue 25, findings 7 and 9: mutations sent over the WebSocket were audited with an empty workspace and no key, and
/// create rows named EF's temporary key instead of the row's id.
/// </summary>
public sealed class AuditActorTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    [Fact]
    public async Task AuditLog_ForCreate_NamesTheStoredRow()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var created = await api.GraphQL(tenant.ApiKey).DataAsync("mutation { createConnection(input: {name: \"audited\", type: POSTGRESQL, config: {host: \"db.internal\"}}) { id } }");
        GlobalId.TryDecode(created.GetProperty("createConnection").GetProperty("id").GetString()!, out _, out Guid id);

        await using var db = api.Database.CreateDqContext();
        var row = await db.AuditLog.AsNoTracking().SingleAsync(a => a.WorkspaceId == tenant.WorkspaceId && a.Action == "create" && a.EntityType == "connection");
        Assert.Equal(id, row.EntityId);
        Assert.True(await db.Connections.AnyAsync(c => c.Id == row.EntityId));
    }

    [Fact]
    public async Task AuditLog_ForMutationOverWebSocket_RecordsItsKeyAndWorkspace()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.Server.CreateWebSocketClient();
        client.SubProtocols.Add("graphql-transport-ws");
        using var socket = await client.ConnectAsync(new Uri("ws://localhost/graphql"), CancellationToken.None);
        await SendAsync(socket, new { type = "connection_init", payload = new { authorization = "Bearer " + tenant.ApiKey } });
        Assert.Equal("connection_ack", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());
        await SendAsync(socket, new { id = "m1", type = "subscribe", payload = new { query = "mutation { createConnection(input: {name: \"over ws\", type: POSTGRESQL, config: {host: \"db.internal\"}}) { id } }" } });
        var next = (await ReceiveAsync(socket))!.Value;
        Assert.Equal("next", next.GetProperty("type").GetString());
        GlobalId.TryDecode(next.GetProperty("payload").GetProperty("data").GetProperty("createConnection").GetProperty("id").GetString()!, out _, out Guid id);

        await using var db = api.Database.CreateDqContext();
        var row = await db.AuditLog.AsNoTracking().SingleAsync(a => a.EntityId == id);
        Assert.Equal((tenant.WorkspaceId, tenant.ApiKeyId), (row.WorkspaceId, row.ApiKeyId!.Value));
    }
}
