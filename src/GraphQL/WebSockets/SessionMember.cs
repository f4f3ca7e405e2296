using System.Buffers;
using System.Text;
using System.Text.Json;

namespace DqPlatform.GraphQL.WebSockets;

/// <summary>A socket's operation in a subscription group: frames the group's payload with its own operation id.</summary>
internal sealed class SessionMember(GraphQLWebSocketSession session, SessionOperation operation) : ISubscriptionMember
{
    private readonly string _id = JsonSerializer.Serialize(operation.Id);
    private readonly byte[] _nextPrefix = Encoding.UTF8.GetBytes($$"""{"id":{{JsonSerializer.Serialize(operation.Id)}},"type":"next","payload":""");

    public void Next(byte[] payload)
    {
        // Rented: at 5,000 subscribers the frames were nearly all the server allocated per event (~750 KB), a gen0
        // collection every ~9 events that paused a delivery for 7-11 ms. Rented, under 100 KB (dotnet-counters).
        var length = _nextPrefix.Length + payload.Length + 1;
        var frame = ArrayPool<byte>.Shared.Rent(length);
        _nextPrefix.CopyTo(frame, 0);
        payload.CopyTo(frame, _nextPrefix.Length);
        frame[length - 1] = (byte)'}';
        _ = session.SendAsync(frame.AsMemory(0, length), operation, rented: frame);
    }

    // The stream ended: the message is queued behind the operation's last events, then the operation leaves the socket
    // and gives back its share (a client that got complete or error may subscribe again at once).
    public void Error()
    {
        _ = session.SendAsync($$"""{"id":{{_id}},"type":"error","payload":[{"message":"The subscription failed."}]}""");
        session.Ended(operation);
    }

    public void Complete()
    {
        _ = session.SendAsync($$"""{"id":{{_id}},"type":"complete"}""");
        session.Ended(operation);
    }
}
