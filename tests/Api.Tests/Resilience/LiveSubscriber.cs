using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using static DqPlatform.Api.Tests.Live.WebSocketMessages;

namespace DqPlatform.Api.Tests.Resilience;

/// <summary>A graphql-transport-ws client subscribed to incidentChanged and checkResultAdded on one node, keeping every event it hears.</summary>
public sealed class LiveSubscriber : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private Task _receiving = Task.CompletedTask;

    public ConcurrentQueue<(string Incident, string Change)> Events { get; } = new();

    /// <summary>The job id of every checkResultAdded heard.</summary>
    public ConcurrentQueue<string> Results { get; } = new();

    /// <summary>Anything but a <c>next</c> with data (an error, a completion, the socket closing).</summary>
    public ConcurrentQueue<string> Problems { get; } = new();

    public static async Task<LiveSubscriber> StartAsync(string baseUrl, string apiKey)
    {
        var subscriber = new LiveSubscriber();
        var socket = subscriber._socket;
        socket.Options.AddSubProtocol("graphql-transport-ws");
        await socket.ConnectAsync(new Uri(baseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/graphql"), CancellationToken.None);
        await SendAsync(socket, new { type = "connection_init", payload = new { authorization = "Bearer " + apiKey } });
        Assert.Equal("connection_ack", (await ReceiveAsync(socket, 10))!.Value.GetProperty("type").GetString());
        await SendAsync(socket, new { id = "live", type = "subscribe", payload = new { query = "subscription { incidentChanged { change incidentId } }" } });
        await SendAsync(socket, new { id = "results", type = "subscribe", payload = new { query = "subscription { checkResultAdded { jobId } }" } });
        // In place once the server answers a ping sent after it (messages are handled in order).
        await SendAsync(socket, new { type = "ping" });
        Assert.Equal("pong", (await ReceiveAsync(socket, 10))!.Value.GetProperty("type").GetString());
        subscriber._receiving = Task.Run(subscriber.ReceiveLoopAsync);
        return subscriber;
    }

    /// <summary>Waits until every one of <paramref name="expected"/> arrived (or the deadline passed); answers what is missing.</summary>
    public async Task<List<(string Incident, string Change)>> MissingAfterWaitingAsync(IReadOnlyCollection<(string, string)> expected, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            var missing = expected.Except(Events).ToList();
            if (missing.Count == 0 || DateTime.UtcNow > until)
            {
                return missing;
            }

            await Task.Delay(250);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        await _receiving.ContinueWith(_ => { }, TaskScheduler.Default);
        _socket.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        while (_socket.State == WebSocketState.Open)
        {
            if (await ReceiveAsync(_socket, 600) is not { } message)
            {
                return;
            }

            var type = message.GetProperty("type").GetString();
            if (type == "next" && message.GetProperty("payload").TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
            {
                if (data.TryGetProperty("incidentChanged", out var changed))
                {
                    Events.Enqueue((changed.GetProperty("incidentId").GetString()!, changed.GetProperty("change").GetString()!));
                }
                else
                {
                    Results.Enqueue(data.GetProperty("checkResultAdded").GetProperty("jobId").GetString()!);
                }
            }
            else if (type != "ping" && type != "pong")
            {
                Problems.Enqueue(message.ToString());
            }

            if (type == "ping")
            {
                await SendAsync(_socket, new { type = "pong" });
            }
        }
    }
}
