using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
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
/// </summary>
public sealed partial class GraphQLWebSocketSession(
    WebSocket socket, IServiceProvider services, IDocumentExecuter<ISchema> executer, IGraphQLTextSerializer serializer,
    SubscriptionGroups groups, IWebSocketAuthentication authentication, GraphQLWebSocketOptions options, ILogger logger)
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

            await _closing.CancelAsync();
            await initTimeout;
        }
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
                    operation.Dispose();
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
        _caller = await authentication.AuthenticateAsync(payload, cancellationToken);
        if (_caller is null)
        {
            await CloseAsync(4403, "Forbidden");
            return;
        }

        _watching = _caller.Watch(() => _ = CloseAsync(4403, "Forbidden"));

        await SendAsync("""{"type":"connection_ack"}""");
    }

    private async Task SubscribeAsync(string id, JsonElement payload, CancellationToken cancellationToken)
    {
        var operation = new SessionOperation(id, services.CreateAsyncScope());
        if (!_operations.TryAdd(id, operation))
        {
            operation.Dispose();
            await CloseAsync(4409, $"Subscriber for {id} already exists");
            return;
        }

        GraphQLRequest? request;
        try
        {
            request = serializer.Deserialize<GraphQLRequest>(payload.GetRawText());
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            request = null;
        }

        if (request?.Query is null)
        {
            _operations.TryRemove(id, out _);
            operation.Dispose();
            await CloseAsync(4400, "Invalid message received");
            return;
        }

        var scope = operation.Scope.ServiceProvider;
        _caller!.Enter(scope);
        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Query = request.Query,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            RequestServices = scope,
            CancellationToken = cancellationToken,
        });

        // Validation allows one root field per subscription operation, so there is one stream.
        if (result.Streams is { Count: 1 } streams)
        {
            var key = new GroupKey(_caller.Audience, request.Query, request.OperationName,
                payload.TryGetProperty("variables", out var variables) ? variables.GetRawText() : "null");
            operation.Add(groups.Join(key, streams.Values.Single(), operation.HandOverScope(), new SessionMember(this, operation)));
            return;
        }

        _operations.TryRemove(id, out _);
        operation.Dispose();
        if (result.Data is null && result.Errors is { Count: > 0 })
        {
            var errors = serializer.Serialize(result.Errors);
            await SendAsync($$"""{"id":{{JsonSerializer.Serialize(id)}},"type":"error","payload":{{errors}}}""");
            return;
        }

        await SendNextAsync(id, result);
        await SendAsync($$"""{"id":{{JsonSerializer.Serialize(id)}},"type":"complete"}""");
    }

    private Task SendNextAsync(string id, ExecutionResult result) =>
        SendAsync($$"""{"id":{{JsonSerializer.Serialize(id)}},"type":"next","payload":{{serializer.Serialize(result)}}}""");

    internal Task SendAsync(string message) => SendAsync(Encoding.UTF8.GetBytes(message));

    // Messages wait here while the client reads slower than events arrive. A client that stops reading would make
    // them pile up without end, so past MaxQueuedMessages the socket is dropped instead (it can reconnect).
    // A message in a buffer rented from the shared pool names it as rented; it goes back once sent or dropped.
    internal async Task SendAsync(ReadOnlyMemory<byte> message, SessionOperation? from = null, byte[]? rented = null)
    {
        try
        {
            if (Interlocked.Increment(ref _queued) > options.MaxQueuedMessages)
            {
                Abandon();
                return;
            }

            await _sending.WaitAsync();
            try
            {
                // A next still on its way when the client completed its operation (and maybe reused the id) is dropped.
                if (socket.State == WebSocketState.Open && (from is null || IsCurrent(from)))
                {
                    await socket.SendAsync(message, WebSocketMessageType.Text, true, CancellationToken.None);
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
            finally
            {
                _sending.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _queued);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private bool IsCurrent(SessionOperation operation) =>
        _operations.TryGetValue(operation.Id, out var current) && ReferenceEquals(current, operation);

    private void Abandon()
    {
        if (Interlocked.Exchange(ref _abandoned, 1) == 0)
        {
            LogSlowClient(logger, options.MaxQueuedMessages);
            socket.Abort(); // also ends a send that is stuck on a client that does not read
            _closing.Cancel();
        }
    }

    private Task CloseAsync(int code, string reason) => CloseAsync((WebSocketCloseStatus)code, reason);

    private async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        // A close waits behind queued messages; a client that does not read would hold it for ever.
        if (!await _sending.WaitAsync(options.CloseTimeout))
        {
            Abandon();
            return;
        }

        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(status, reason, CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            _sending.Release();
            await _closing.CancelAsync();
        }
    }

    private async Task InitTimeoutAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(options.InitTimeout, cancellationToken);
            if (!_initReceived)
            {
                await CloseAsync(4408, "Connection initialisation timeout");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(LogLevel.Warning, "Dropped a WebSocket whose client is not reading (over {Limit} messages queued, or a close stuck behind them).")]
    private static partial void LogSlowClient(ILogger logger, int limit);
}
