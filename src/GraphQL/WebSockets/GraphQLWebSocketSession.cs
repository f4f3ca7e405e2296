using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.RateLimiting;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DqPlatform.GraphQL.WebSockets;

/// <summary>
/// One WebSocket speaking graphql-transport-ws (https://github.com/enisdenjo/graphql-ws/blob/master/PROTOCOL.md):
/// connection_init with credentials within the init timeout, connection_ack, ping/pong, subscribe → next… → complete,
/// error, client complete, and the protocol's close codes. Each operation runs in a DI scope of its own whose caller
/// is the socket's (<see cref="IWebSocketAuthentication"/>); the socket closes once the caller's credentials stop working.
/// Sockets, operations and the client's message rate are bounded (<see cref="SocketRefusals"/>).
/// </summary>
public sealed partial class GraphQLWebSocketSession(
    WebSocket socket, IServiceProvider services, IDocumentExecuter<ISchema> executer, IGraphQLTextSerializer serializer,
    SubscriptionGroups groups, SocketAdmission admission, IWebSocketAuthentication authentication, GraphQLWebSocketOptions options,
    ILogger logger, Documents.PersistedDocuments? documents = null)
{
    public const string Protocol = "graphql-transport-ws";

    private readonly ConcurrentDictionary<string, SessionOperation> _operations = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private int _queued;
    private int _abandoned;
    private bool _initReceived;
    private IWebSocketCaller? _caller;
    private IDisposable? _watching;
    private IDisposable? _admitted;

    // Replenished from the clock on each message rather than by a timer: thousands of idle sockets wake nothing.
    private readonly TokenBucketRateLimiter? _messages = options.MaxMessagesPerSecond <= 0 ? null : new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = Math.Max(options.MessageBurst, 1),
        TokensPerPeriod = options.MaxMessagesPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        AutoReplenishment = false,
        QueueLimit = 0,
    });

    public async Task RunAsync(CancellationToken aborted)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, _closing.Token);
        var initTimeout = InitTimeoutAsync(linked.Token);
        try
        {
            while (socket.State == WebSocketState.Open && !linked.IsCancellationRequested)
            {
                var message = await ReceiveAsync(linked.Token);
                if (message is null)
                {
                    break;
                }

                if (!TakeMessageToken())
                {
                    Telemetry.GraphQLInstruments.Refused.Add(1, new KeyValuePair<string, object?>("limit", "messages_per_socket"));
                    await CloseAsync(SocketRefusals.TooManyMessages,
                        $"Too many messages: at most {options.MaxMessagesPerSecond} per second (bursts of {options.MessageBurst})");
                    break;
                }

                await HandleAsync(message, linked.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        finally
        {
            _watching?.Dispose();
            foreach (var operation in _operations.Values)
            {
                operation.Dispose();
            }

            _admitted?.Dispose();
            _messages?.Dispose();
            await _closing.CancelAsync();
            await initTimeout;
        }
    }

    private bool TakeMessageToken()
    {
        if (_messages is null)
        {
            return true;
        }

        _messages.TryReplenish();
        using var lease = _messages.AttemptAcquire();
        return lease.IsAcquired;
    }

    // Most sockets are idle most of the time (they only receive events), so a socket waits for its next message with
    // a zero-byte read and holds no buffer meanwhile; the message is then read into a pooled one. An 8 KiB buffer per
    // waiting socket was 40 MB at 5,000 subscribers, copied by the first collections after they connected.
    private async Task<string?> ReceiveAsync(CancellationToken cancellationToken)
    {
        byte[]? buffer = null;
        var length = 0;
        try
        {
            while (true)
            {
                // One byte over the limit tells a message at the limit from one past it.
                var read = await socket.ReceiveAsync(buffer is null ? Memory<byte>.Empty : buffer.AsMemory(length, options.MaxMessageBytes + 1 - length),
                    cancellationToken);
                if (read.MessageType == WebSocketMessageType.Close)
                {
                    await CloseAsync(WebSocketCloseStatus.NormalClosure, "Bye");
                    return null;
                }

                length += read.Count;
                if (length > options.MaxMessageBytes)
                {
                    await CloseAsync(WebSocketCloseStatus.MessageTooBig, $"Messages are limited to {options.MaxMessageBytes} bytes");
                    return null;
                }

                if (read.EndOfMessage)
                {
                    return buffer is null ? "" : Encoding.UTF8.GetString(buffer, 0, length);
                }

                buffer ??= ArrayPool<byte>.Shared.Rent(options.MaxMessageBytes + 1);
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private async Task HandleAsync(string text, CancellationToken cancellationToken)
    {
        string? type, id;
        JsonElement payload;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            type = root.GetProperty("type").GetString();
            id = root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
            payload = root.TryGetProperty("payload", out var p) ? p.Clone() : default;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            await CloseAsync(4400, "Invalid message received");
            return;
        }

        switch (type)
        {
            case "connection_init":
                await InitAsync(payload, cancellationToken);
                break;
            case "ping":
                await SendAsync("""{"type":"pong"}""");
                break;
            case "pong":
                break;
            case "subscribe" when _caller is null:
                await CloseAsync(4401, "Unauthorized");
                break;
            case "subscribe" when string.IsNullOrEmpty(id) || payload.ValueKind != JsonValueKind.Object:
                await CloseAsync(4400, "Invalid message received");
                break;
            case "subscribe":
                await SubscribeAsync(id!, payload, cancellationToken);
                break;
            case "complete" when id is not null:
                if (_operations.TryRemove(id, out var operation))
                {
                    operation.Cancel();
                }

                break;
            default:
                await CloseAsync(4400, "Invalid message received");
                break;
        }
    }

    private async Task InitAsync(JsonElement payload, CancellationToken cancellationToken)
    {
        if (_initReceived)
        {
            await CloseAsync(4429, "Too many initialisation requests");
            return;
        }

        _initReceived = true;
        var caller = await authentication.AuthenticateAsync(payload, cancellationToken);
        if (caller is null)
        {
            await CloseAsync(4403, "Forbidden");
            return;
        }

        // Decided here, where the caller is known: an unauthenticated socket counts against nobody's share (the init
        // timeout bounds it).
        if (admission.TryOpenSocket(caller.Partitions, out _admitted) is { } full)
        {
            Telemetry.GraphQLInstruments.Refused.Add(1, new KeyValuePair<string, object?>("limit", "sockets_per_" + full.Kind));
            await CloseAsync(SocketRefusals.TooManySockets, $"Too many sockets for this {full.Kind}: at most {full.MaxSockets} on this node");
            return;
        }

        _caller = caller;

        _watching = _caller.Watch(() => _ = CloseAsync(4403, "Forbidden"));

        await SendAsync("""{"type":"connection_ack"}""");
    }
}
