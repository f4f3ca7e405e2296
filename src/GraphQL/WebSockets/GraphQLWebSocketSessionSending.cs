using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using GraphQL;
using Microsoft.Extensions.Logging;

namespace DqPlatform.GraphQL.WebSockets;

/// <summary>A session's way out: messages queued in order, closes, and dropping a client that does not read.</summary>
public sealed partial class GraphQLWebSocketSession
{
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
                // A next still on its way when the client completed its operation (and maybe reused the id) is dropped;
                // one the server queued before ending the operation itself still goes out, ahead of the complete.
                if (socket.State == WebSocketState.Open && (from is null || !from.Cancelled))
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
