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
/// The 5,000 subscribers share the server's two cores, so what the load client spends per message is taken from the
/// server. <c>ClientWebSocket</c> spent about 20 µs on each message it received, as much as the server spent sending it.
/// This one connects and subscribes with blocking calls and is then read by a <see cref="SubscriberPoll"/>: the
/// socket is never given to .NET's socket engine, whose own epoll would be woken by every message as well.
/// </remarks>
public sealed class LoadSubscriber : IDisposable
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    /// <summary>Takes one text message; the span is valid during the call.</summary>
    public delegate void TextHandler(ReadOnlySpan<byte> message);

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;

    /// <summary>The socket's file descriptor, for <see cref="SubscriberPoll"/>.</summary>
    public int Descriptor => (int)_socket.SafeHandle.DangerousGetHandle();

    /// <summary>Connects, upgrades, initializes with <paramref name="apiKey"/> and subscribes as operation "1" (blocking).</summary>
    public static LoadSubscriber Connect(Uri url, string apiKey, string query)
    {
        var subscriber = new LoadSubscriber();
        try
        {
            subscriber.Handshake(url);
            subscriber.SendText(JsonSerializer.Serialize(new { type = "connection_init", payload = new { authorization = "Bearer " + apiKey } }));
            var ack = subscriber.ReceiveText();
            if (!ack.Contains("\"connection_ack\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("Expected connection_ack, got " + ack);
            }

            subscriber.SendText(JsonSerializer.Serialize(new { id = "1", type = "subscribe", payload = new { query } }));
            return subscriber;
        }
        catch
        {
            subscriber.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads what the socket has without waiting and hands each text message to <paramref name="onText"/> (the span is
    /// valid during the call). Pings are answered; the server's keep-alive pongs are skipped.
    /// </summary>
    public void ReadAvailable(TextHandler onText)
    {
        if (!Fill(wait: false))
        {
            return; // the socket had no data after all
        }

        while (TryTakeFrame(out var opcode, out var payload))
        {
            Handle(opcode, payload, onText);
        }
    }

    private string ReceiveText()
    {
        string? text = null;
        while (text is null)
        {
            while (text is null && TryTakeFrame(out var opcode, out var payload))
            {
                Handle(opcode, payload, message => text = Encoding.UTF8.GetString(message));
            }

            if (text is null)
            {
                Fill(wait: true);
            }
        }

        return text;
    }

    private void Handle(int opcode, ReadOnlyMemory<byte> payload, TextHandler onText)
    {
        switch (opcode)
        {
            case 0x1:
                onText(payload.Span);
                break;
            case 0x8:
                throw new InvalidOperationException("The server closed the socket: " + Encoding.UTF8.GetString(payload.Span[Math.Min(2, payload.Length)..]));
            case 0x9:
                SendFrame(0xA, payload.ToArray());
                break;
            default:
                break; // pong (ASP.NET Core's keep-alive)
        }
    }

    private void Handshake(Uri url)
    {
        _socket.Connect(new IPEndPoint(IPAddress.Parse(url.Host), url.Port));
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = $"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n";
        _socket.Send(Encoding.ASCII.GetBytes(request));

        int headerLength;
        while ((headerLength = _buffer.AsSpan(0, _end).IndexOf(HeaderEnd)) < 0)
        {
            Fill(wait: true);
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

    // One read into the free end of the buffer; without waiting, false when the socket had nothing.
    private bool Fill(bool wait)
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

        var read = wait ? _socket.Receive(_buffer.AsSpan(_end)) : SubscriberPoll.ReceiveNow(Descriptor, _buffer.AsSpan(_end));
        if (read < 0)
        {
            return false;
        }

        if (read == 0)
        {
            throw new InvalidOperationException("The server closed the connection.");
        }

        _end += read;
        return true;
    }

    private void SendText(string text) => SendFrame(0x1, Encoding.UTF8.GetBytes(text));

    // Client frames are masked (RFC 6455 §5.3).
    private void SendFrame(int opcode, byte[] payload)
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

        _socket.Send(frame);
    }

    public void Dispose() => _socket.Dispose();
}
