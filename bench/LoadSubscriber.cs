using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DqPlatform.Bench;

/// <summary>
/// One graphql-transport-ws subscriber of the fan-out benchmark, on a bare socket with just the RFC 6455 a client
/// needs: the upgrade handshake (checked), masked text frames out, unmasked frames in.
/// </summary>
/// <remarks>
/// The 5,000 subscribers share the server's two cores. <c>ClientWebSocket</c> spent about 20 µs of CPU on each
/// message it received (its HTTP connection layer, its own buffering), as much as the server spent sending it, so the
/// latencies measured the load client as much as the server. This one does a socket read and a frame parse.
/// </remarks>
public sealed class LoadSubscriber : IDisposable
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;

    public static async Task<LoadSubscriber> ConnectAsync(Uri url, string apiKey, string query)
    {
        var subscriber = new LoadSubscriber();
        await subscriber.HandshakeAsync(url);
        await subscriber.SendTextAsync(JsonSerializer.Serialize(new { type = "connection_init", payload = new { authorization = "Bearer " + apiKey } }));
        var ack = await subscriber.ReceiveTextAsync();
        if (!ack.Contains("\"connection_ack\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Expected connection_ack, got " + ack);
        }

        await subscriber.SendTextAsync(JsonSerializer.Serialize(new { id = "1", type = "subscribe", payload = new { query } }));
        return subscriber;
    }

    /// <summary>Waits for the next text message and answers it.</summary>
    public async Task<string> ReceiveTextAsync()
    {
        var payload = await ReceiveAsync();
        return Encoding.UTF8.GetString(payload.Span);
    }

    /// <summary>
    /// Waits for the next text message. The memory stays valid until the next receive (it is this subscriber's buffer).
    /// </summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReceiveAsync()
    {
        while (true)
        {
            if (TryTakeFrame(out var opcode, out var payload))
            {
                switch (opcode)
                {
                    case 0x1:
                        return payload;
                    case 0x8:
                        throw new InvalidOperationException("The server closed the socket: " + Encoding.UTF8.GetString(payload.Span[Math.Min(2, payload.Length)..]));
                    case 0x9:
                        await SendFrameAsync(0xA, payload.ToArray());
                        continue;
                    default:
                        continue; // pong (ASP.NET Core's keep-alive)
                }
            }

            await FillAsync();
        }
    }

    private async Task HandshakeAsync(Uri url)
    {
        await _socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(url.Host), url.Port));
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = $"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n";
        await _socket.SendAsync(Encoding.ASCII.GetBytes(request));

        int headerLength;
        while ((headerLength = _buffer.AsSpan(0, _end).IndexOf(HeaderEnd)) < 0)
        {
            await FillAsync();
        }

        var response = Encoding.ASCII.GetString(_buffer, 0, headerLength);
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        if (!response.StartsWith("HTTP/1.1 101", StringComparison.Ordinal) || !response.Contains("Sec-WebSocket-Accept: " + accept, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("The WebSocket upgrade failed: " + response);
        }

        _start = headerLength + HeaderEnd.Length;
    }

    // A frame from the server: FIN, opcode, 7/16/64-bit length, no mask. Messages here are single frames.
    private bool TryTakeFrame(out int opcode, out ReadOnlyMemory<byte> payload)
    {
        (opcode, payload) = (0, default);
        var available = _buffer.AsSpan(_start, _end - _start);
        if (available.Length < 2)
        {
            return false;
        }

        var (header, length) = (available[1] & 0x7F) switch
        {
            126 when available.Length >= 4 => (4, (long)BinaryPrimitives.ReadUInt16BigEndian(available[2..])),
            127 when available.Length >= 10 => (10, (long)BinaryPrimitives.ReadUInt64BigEndian(available[2..])),
            126 or 127 => (0, 0L),
            var small => (2, small),
        };
        if (header == 0 || available.Length < header + length)
        {
            if (header + length > _buffer.Length)
            {
                throw new InvalidOperationException($"A {length}-byte frame does not fit the subscriber's buffer.");
            }

            return false;
        }

        if ((available[0] & 0x80) == 0)
        {
            throw new InvalidOperationException("Fragmented messages are not expected from this server.");
        }

        opcode = available[0] & 0x0F;
        payload = _buffer.AsMemory(_start + header, (int)length);
        _start += header + (int)length;
        return true;
    }

    private async ValueTask FillAsync()
    {
        if (_start == _end)
        {
            (_start, _end) = (0, 0);
        }
        else if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            (_start, _end) = (0, _end - _start);
        }

        var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None);
        if (read == 0)
        {
            throw new InvalidOperationException("The server closed the connection.");
        }

        _end += read;
    }

    private Task SendTextAsync(string text) => SendFrameAsync(0x1, Encoding.UTF8.GetBytes(text));

    // Client frames are masked (RFC 6455 §5.3).
    private async Task SendFrameAsync(int opcode, byte[] payload)
    {
        var header = payload.Length < 126 ? 2 : 4;
        var frame = new byte[header + 4 + payload.Length];
        frame[0] = (byte)(0x80 | opcode);
        if (header == 2)
        {
            frame[1] = (byte)(0x80 | payload.Length);
        }
        else
        {
            frame[1] = 0x80 | 126;
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), checked((ushort)payload.Length));
        }

        var mask = frame.AsSpan(header, 4);
        RandomNumberGenerator.Fill(mask);
        for (var i = 0; i < payload.Length; i++)
        {
            frame[header + 4 + i] = (byte)(payload[i] ^ mask[i % 4]);
        }

        await _socket.SendAsync(frame, SocketFlags.None);
    }

    public void Dispose() => _socket.Dispose();
}
