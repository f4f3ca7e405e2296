using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace DqPlatform.Api.Tests.Live;

/// <summary>JSON text messages over a test WebSocket.</summary>
public static class WebSocketMessages
{
    public static Task SendAsync(WebSocket socket, object message) => SendTextAsync(socket, JsonSerializer.Serialize(message));

    public static Task SendTextAsync(WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>
    /// The next message; null when the server closed the socket or nothing came within <paramref name="seconds"/>
    /// (after which the socket is aborted: keep one receive pending rather than polling).
    /// </summary>
    public static async Task<JsonElement?> ReceiveAsync(WebSocket socket, int seconds = 10)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var buffer = new byte[65536];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var part = await socket.ReceiveAsync(buffer, timeout.Token);
                if (part.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                message.Write(buffer, 0, part.Count);
                if (part.EndOfMessage)
                {
                    return JsonDocument.Parse(message.ToArray()).RootElement.Clone();
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
