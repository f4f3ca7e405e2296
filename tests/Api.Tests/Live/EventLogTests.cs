using System.Net.WebSockets;
using System.Text.Json;
using DqPlatform.Api.Live;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Incidents;
using DqPlatform.Infrastructure.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static DqPlatform.Api.Tests.Live.WebSocketMessages;

namespace DqPlatform.Api.Tests.Live;

/// <summary>The workspace event log: positions in commit order, nothing for what rolled back, cursors that expire.</summary>
public sealed class EventLogTests(DqApiFactory api) : IClassFixture<DqApiFactory>, IAsyncLifetime
{
    private TestTenant _tenant = null!;

    public async Task InitializeAsync() => _tenant = await TestTenant.CreateAsync(api);

    public Task DisposeAsync() => Task.CompletedTask;

    private IncidentChanged Event(int failures) => new(
        _tenant.WorkspaceId, DateTimeOffset.UtcNow, Guid.NewGuid(), Guid.NewGuid(), IncidentChangeKind.Updated, IncidentStatus.Open, CheckSeverity.Error, failures);

    private async Task<long[]> PositionsAsync()
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT position FROM dq.workspace_events WHERE workspace_id = @w ORDER BY position", connection);
        command.Parameters.AddWithValue("w", _tenant.WorkspaceId);
        var positions = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            positions.Add(reader.GetInt64(0));
        }

        return [.. positions];
    }

    private async Task<IReadOnlyList<DqEvent>> AppendAsync(bool commit, params DqEvent[] events)
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var logged = await WorkspaceEventLog.AppendAsync(connection, transaction, events, CancellationToken.None);
        if (commit)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }

        return logged;
    }

    [Fact]
    public async Task Append_RolledBackThenCommittedConcurrently_LeavesNothingOfTheRollbackAndGaplessPositions()
    {
        await AppendAsync(commit: false, Event(1), Event(2));
        Assert.Empty(await PositionsAsync());

        // Twenty writers at once: each transaction waits for the head row, so positions are 1..20 with no hole.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => AppendAsync(commit: true, Event(i)))));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), await PositionsAsync());

        var read = await api.Services.GetRequiredService<WorkspaceEventLog>().ReadAsync(_tenant.WorkspaceId, 18, 20, CancellationToken.None);
        Assert.Equal([19L, 20L], read.Select(e => e.Position));
        Assert.All(read, e => Assert.IsType<IncidentChanged>(e));
    }

    [Theory]
    [InlineData("not-a-cursor", "VALIDATION")]
    [InlineData("ZXZlbnQ6OTk5OTk=", "VALIDATION")] // "event:99999", a position this workspace never reached
    public async Task Subscribe_WithACursorThisApiDidNotGive_AnswersAnError(string cursor, string code)
    {
        await AppendAsync(commit: true, Event(1));
        var error = await SubscribeErrorAsync(cursor);
        Assert.Equal(code, error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Contains("cursor", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_AfterACursorOlderThanTheRetention_AnswersEventCursorExpired()
    {
        var logged = await AppendAsync(commit: true, Event(1), Event(2), Event(3));
        var purged = await api.Services.GetRequiredService<WorkspaceEventLog>().PurgeAsync(DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None);
        Assert.True(purged >= 3);

        var error = await SubscribeErrorAsync(EventCursor.Encode(logged[0].Position));
        Assert.Equal("EVENT_CURSOR_EXPIRED", error.GetProperty("extensions").GetProperty("code").GetString());

        // The newest position is still a place to resume from: nothing after it was dropped.
        using var socket = await AcknowledgedAsync();
        await SendAsync(socket, new { id = "s", type = "subscribe", payload = new { query = $"subscription {{ incidentChanged(after: \"{EventCursor.Encode(logged[2].Position)}\") {{ cursor }} }}" } });
        await SendAsync(socket, new { type = "ping" });
        Assert.Equal("pong", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());
    }

    private async Task<JsonElement> SubscribeErrorAsync(string cursor)
    {
        using var socket = await AcknowledgedAsync();
        await SendAsync(socket, new { id = "s", type = "subscribe", payload = new { query = $"subscription {{ incidentChanged(after: \"{cursor}\") {{ cursor }} }}" } });
        var answer = (await ReceiveAsync(socket))!.Value;
        Assert.True(answer.GetProperty("type").GetString() == "error", answer.ToString());
        return answer.GetProperty("payload")[0];
    }

    private async Task<WebSocket> AcknowledgedAsync()
    {
        var client = api.Server.CreateWebSocketClient();
        client.SubProtocols.Add("graphql-transport-ws");
        var socket = await client.ConnectAsync(new Uri("ws://localhost/graphql"), CancellationToken.None);
        await SendAsync(socket, new { type = "connection_init", payload = new { authorization = "Bearer " + _tenant.ApiKey } });
        Assert.Equal("connection_ack", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());
        return socket;
    }
}
